"""decode_html: the bytes' real encoding wins over whatever the page declares."""

import codecs

import pytest

from cleaning.decode import chinese_plausibility, decode_html, normalize_encoding

TEXT = "县教育局2023年工作总结：全面落实“双减”政策，课后服务参与率达到95%。"
TRADITIONAL = "縣教育局2023年工作總結：全面落實「雙減」政策，課後服務參與率達到95%。"
RARE = "镕"  # outside GB2312: a page declaring gb2312 needs GBK/GB18030 to decode it


def page(text: str, meta: str | None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("utf-8", TEXT), ("gbk", TEXT), ("gb18030", TEXT), ("gb2312", TEXT), ("big5", TRADITIONAL)],
)
def test_declared_encoding_is_read(encoding, text):
    body = page(text, encoding).encode(encoding)
    decoded, _ = decode_html(body, {"Content-Type": f"text/html; charset={encoding}"})
    assert text in decoded


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8"])
def test_missing_declaration_is_inferred(encoding):
    decoded, _ = decode_html(page(TEXT, None).encode(encoding))
    assert TEXT in decoded


def test_utf8_header_over_gbk_bytes():
    body = page(TEXT, "utf-8").encode("gbk")
    decoded, encoding = decode_html(body, {"Content-Type": "text/html; charset=utf-8"})
    assert TEXT in decoded
    assert encoding == "gb18030"


def test_gbk_declared_over_utf8_bytes():
    body = page(TEXT, "gbk").encode("utf-8")
    decoded, encoding = decode_html(body, {"Content-Type": "text/html; charset=gbk"})
    assert TEXT in decoded and encoding == "utf-8"


def test_gb2312_label_reads_gbk_only_characters():
    text = TEXT + RARE
    decoded, encoding = decode_html(page(text, "gb2312").encode("gbk"))
    assert text in decoded and encoding == "gb18030"


def test_big5_bytes_declared_as_gbk():
    body = page(TRADITIONAL, "gbk").encode("big5")
    decoded, encoding = decode_html(body, {"content-type": "text/html; charset=gbk"})
    assert TRADITIONAL in decoded and encoding.startswith("big5")


def test_bom_wins():
    decoded, encoding = decode_html(codecs.BOM_UTF8 + page(TEXT, "gbk").encode("utf-8"))
    assert TEXT in decoded and encoding == "utf-8"


def test_labels_map_to_supersets():
    assert normalize_encoding("GB2312") == "gb18030"
    assert normalize_encoding("gbk") == "gb18030"
    assert normalize_encoding("no-such-charset") is None


def test_mojibake_reads_as_less_plausible():
    mojibake = TEXT.encode("gbk").decode("big5", "ignore")
    assert chinese_plausibility(TEXT) - chinese_plausibility(mojibake) > 0.2


def test_gbk_bytes_declared_as_big5():
    body = page(TEXT, "big5").encode("gbk")
    decoded, encoding = decode_html(body, {"Content-Type": "text/html; charset=big5"})
    assert TEXT in decoded and encoding == "gb18030"



def test_declared_charset_that_reads_no_chinese_loses_to_the_body():
    # GBK bytes under charset=iso-8859-1 decode as cp1252 without an error, into no Chinese.
    body = page(TEXT, None).encode("gbk")
    decoded, encoding = decode_html(body, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert encoding == "gb18030" and TEXT in decoded


def test_a_latin_page_keeps_its_latin_charset():
    body = page("café résumé naïve", None).encode("cp1252")
    decoded, encoding = decode_html(body, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert encoding == "cp1252" and "café résumé" in decoded
