"""Generate the labelled cleaning cases: ``python tests/cases/clean/make_cases.py``.

Each case is a page (``<name>.html``, raw bytes in the template's encoding) or
a text dump (``<name>.txt``) plus ``<name>.gold.json`` with the title and the
body a careful editor keeps. Page styles differ from the offline mirror's.
``tune/`` templates were used while writing the cleaning rules; ``heldout/``
templates (see heldout_templates.py) were not, so they measure generalisation.
"""

from __future__ import annotations

import html
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[2]))  # the repository, for mirror.grammar

from opencc import OpenCC  # noqa: E402

from mirror.grammar import bureau_document  # noqa: E402


@dataclass
class Body:
    title: str
    paragraphs: list[str]
    issuer: str
    meta: dict


def make_body(rng: random.Random) -> Body:
    """A bureau document from the project's grammar (mirror/grammar.py), short enough to read."""
    text = bureau_document(rng, target=rng.randint(1200, 2600))
    issuer = text.meta.get("issuer") or "县教育局"
    return Body(text.title, text.paragraphs, issuer, dict(text.meta))


@dataclass
class Case:
    raw: bytes
    suffix: str  # ".html" or ".txt"
    title: str | None
    body: list[str]
    meta: dict | None = None


Template = Callable[[Body, random.Random], Case]

# Pinyin a bad converter glued after some Traditional characters.
PINYIN = {"導": "dǎo", "發": "fā", "構": "gòu", "進": "jìn", "設": "shè", "務": "wù", "質": "zhì"}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def paras_html(paragraphs: list[str], tag: str = "p", indent: str = "") -> str:
    return "\n".join(f"<{tag}>{indent}{esc(p)}</{tag}>" for p in paragraphs)


def links(texts: list[str], sep: str = "") -> str:
    return sep.join(f'<a href="/a/{i}.html">{esc(t)}</a>' for i, t in enumerate(texts))


def related_titles(rng: random.Random, n: int = 6) -> list[str]:
    subjects = ["教育局", "中心学校", "实验小学", "教研室", "幼儿园", "教师进修学校", "教体局"]
    kinds = ["工作总结", "工作计划", "述职报告", "年度总结范文", "安全工作总结", "工作要点"]
    return [f"{rng.randint(2018, 2024)}年{rng.choice(subjects)}{rng.choice(kinds)}" for _ in range(n)]


def date(rng: random.Random) -> str:
    return f"{rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def page(head_title: str, body: str, charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html>\n<html><head>{meta}<title>{esc(head_title)}</title></head>\n<body>\n{body}\n</body></html>\n"


# ---------------------------------------------------------------- tune templates


def t_wenmi(doc: Body, rng: random.Random) -> Case:
    """文秘站: breadcrumb, info line, 摘要 blurb, 相关文章 list, ICP footer (UTF-8)."""
    blurb = doc.paragraphs[0][:40]
    body = f"""<div class="top">{links(["首页", "工作总结", "工作计划", "心得体会", "述职报告", "演讲稿"], " | ")}</div>
<div class="position">您现在的位置:{links(["文秘站", "工作总结", "教育工作总结"], " &gt; ")} &gt; 正文</div>
<div class="main"><h1>{esc(doc.title)}</h1>
<div class="info">发布时间:{date(rng)} 作者:佚名 阅读:{rng.randint(100, 9000)}次</div>
<div class="summary">摘要:{esc(blurb)}……</div>
<div class="article">{paras_html(doc.paragraphs)}</div>
<div class="related"><h3>相关文章</h3><ul>{"".join(f"<li>{links([t])}</li>" for t in related_titles(rng))}</ul></div></div>
<div class="footer">Copyright &copy; 2012-2024 文秘站 All Rights Reserved 京ICP备1{rng.randint(1000000, 9999999)}号</div>"""
    raw = page(f"{doc.title}_文秘站", body, "utf-8").encode("utf-8")
    return Case(raw, ".html", doc.title, doc.paragraphs)


def t_blog(doc: Body, rng: random.Random) -> Case:
    """CMS blog: entry meta, share bar, tags, prev/next, comment box (GBK)."""
    comments = "".join(
        f'<li class="comment"><span class="fn">{n}</span> 说:<p>{c}</p><a class="reply">回复</a></li>'
        for n, c in [("路人甲", "写得很好,收藏了!"), ("教务员", "很实用,感谢分享。")]
    )
    body = f"""<header id="masthead"><div class="site-title">公文写作博客</div><div class="site-description">一个专注公文写作的博客</div>
<nav>{links(["首页", "总结", "计划", "报告", "关于本站"])}</nav></header>
<article><h2 class="entry-title">{esc(doc.title)}</h2>
<div class="entry-meta">{date(rng)} | 分类:{links(["工作总结"])} | {rng.randint(100, 5000)} views</div>
<div class="entry-content">{paras_html(doc.paragraphs)}</div>
<div class="share">分享到:{links(["QQ空间", "新浪微博", "微信", "豆瓣"], " ")}</div>
<div class="tags">标签:{links(["教育局", "工作总结"], " ")}</div>
<div class="post-nav">上一篇:{links(related_titles(rng, 1))}<br>下一篇:{links(related_titles(rng, 1))}</div></article>
<div id="comments"><h3>{rng.randint(2, 9)}条评论</h3><ol>{comments}</ol>
<div id="respond"><h3>发表评论</h3><p>您的电子邮箱地址不会被公开。必填项已用*标注</p><textarea></textarea><button>提交评论</button></div></div>
<aside><h3>热门文章</h3><ul>{"".join(f"<li>{links([t])}</li>" for t in related_titles(rng, 5))}</ul></aside>
<footer>&copy; 2024 公文写作博客 | 主题由 SimpleTheme 提供</footer>"""
    raw = page(f"{doc.title} - 公文写作博客", body, "gbk").encode("gbk", "xmlcharrefreplace")
    return Case(raw, ".html", doc.title, doc.paragraphs)


def t_docshare(doc: Body, rng: random.Random) -> Case:
    """道客-style reader: 《…》由会员分享 intro, 1/N page headers, remaining pages (GB18030)."""
    pages = [doc.paragraphs[i : i + 4] for i in range(0, len(doc.paragraphs), 4)]
    total = len(pages) + rng.randint(2, 6)
    parts = "".join(
        f'<div class="page"><div class="page-no">{i + 1}/{total}</div>{paras_html(p)}</div>'
        for i, p in enumerate(pages)
    )
    body = f"""<div class="head"><span class="logo">道远文库</span> {links(["首页", "分类", "上传文档", "登录", "注册"], " ")}</div>
<h1>{esc(doc.title)}.doc</h1>
<div class="intro">《{esc(doc.title)}》由会员分享,可在线阅读,更多相关《{esc(doc.title)}》请在道远文库上搜索。</div>
<div class="docinfo">页数:{total} 大小:{rng.randint(20, 90)}KB 上传时间:{date(rng)} 贡献者:wx_{rng.randint(1000, 9999)}</div>
<div class="reader">{parts}</div>
<div class="more">还剩{total - len(pages)}页未读,继续阅读</div>
<div class="dl"><a>下载文档</a> <a>收藏</a> <a>举报</a> 下载需要 {rng.randint(2, 20)} 积分</div>
<div class="notice">申明敬告:本站不保证该用户上传的文档完整性,不预览、不比对内容而直接下载产生的反悔问题本站不予受理。</div>
<div class="foot">道远文库 &copy; 2010-2024 沪ICP备2{rng.randint(1000000, 9999999)}号-2</div>"""
    raw = page(f"{doc.title}.doc - 道远文库", body, "gb18030").encode("gb18030", "xmlcharrefreplace")
    return Case(raw, ".html", doc.title, doc.paragraphs)


def hard_wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def t_pdftext(doc: Body, rng: random.Random) -> Case:
    """PDF converted to text: hard breaks every ~30 chars, page footers, chunk numbers (.txt)."""
    width = rng.randint(28, 34)
    lines = [doc.title, f"来源:{doc.issuer}网站  发布日期:{date(rng)}", ""]
    chunk = 1
    for n, para in enumerate(doc.paragraphs):
        wrapped = hard_wrap(para, width)
        if n % 5 == 3 and len(wrapped) >= 2:
            chunk += 1
            wrapped[1] = f"{chunk}、" + wrapped[1]  # reader chunk number cutting a sentence
        lines.extend(wrapped)
        if n % 6 == 5:
            lines.append(f"— {n // 6 + 1} —")
    lines += ["", "下载本文档", "全文阅读已结束,如果下载本文需要使用1下载券"]
    return Case(("\n".join(lines) + "\n").encode("utf-8"), ".txt", doc.title, doc.paragraphs)


def t_xuexi(doc: Body, rng: random.Random) -> Case:
    """学习啦-style: 小编 lead-in, 推荐阅读 inside the article, 猜你感兴趣 list (UTF-8 declared GBK)."""
    paras = paras_html(doc.paragraphs[:3]) + (
        f'<div class="rec">推荐阅读:{links(related_titles(rng, 3), " ")}</div>'
    ) + paras_html(doc.paragraphs[3:])
    body = f"""<div class="nav">{links(["学习啦", "实用范文", "工作总结", "教育工作总结"], " > ")}</div>
<h1>{esc(doc.title)}</h1><div class="time">{date(rng)} 编辑:xuexila</div>
<div id="contentText"><p>总结是对过去一段时间工作的回顾。下面是小编给大家整理的{esc(doc.title)},希望对大家有帮助。</p>
<p><strong>{esc(doc.title)}</strong></p>{paras}
<p>看了“{esc(doc.title)}”的人还看了:</p><p>{links(related_titles(rng, 4), "<br>")}</p></div>
<div class="guess">猜你感兴趣:{links(related_titles(rng, 4), " ")}</div>
<div class="copyright">本文由学习啦网友投稿,转载请注明出处。</div>"""
    raw = page(f"{doc.title}_学习啦", body, "gbk").encode("utf-8")
    return Case(raw, ".html", doc.title, doc.paragraphs)


def t_oldtable(doc: Body, rng: random.Random) -> Case:
    """Old table layout, <font> tags, <br> body; gb2312 declared over GBK-only characters."""
    paras = list(doc.paragraphs)
    paras.insert(3, f"同时,邀请王喆、李堃等{rng.randint(3, 9)}名专家开展专题讲座,参训教师反响良好。")
    text = "<br>\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{esc(p)}<br>" for p in paras)
    body = f"""<table width="100%"><tr><td><img src="/logo.gif"><font color="#ffffff">教育信息网</font></td></tr>
<tr><td bgcolor="#eeeeee">{links(["网站首页", "教育动态", "工作总结", "政策法规", "下载中心"], " | ")}</td></tr></table>
<table width="760"><tr><td align="center"><font size="4"><b>{esc(doc.title)}</b></font></td></tr>
<tr><td align="center"><font size="2">作者:佚名 文章来源:本站原创 点击数:{rng.randint(100, 999)} 更新时间:{rng.randint(2005, 2012)}-{rng.randint(1, 12)}-{rng.randint(1, 28)}</font></td></tr>
<tr><td><font size="2">{text}</font></td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr></table>
<table><tr><td><font size="2">版权所有:教育信息网 地址:人民路{rng.randint(1, 99)}号 电话:0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)} 备案序号:豫ICP备0{rng.randint(100000, 999999)}号</font></td></tr></table>"""
    raw = page(f"{doc.title}-教育信息网", body, "gb2312").encode("gbk", "xmlcharrefreplace")
    return Case(raw, ".html", doc.title, paras)


def t_wechat(doc: Body, rng: random.Random) -> Case:
    """WeChat-article-like page: follow prompts, editor lines, 阅读原文 (UTF-8, no charset)."""
    body = f"""<div id="js_article"><h1 class="rich_media_title">{esc(doc.title)}</h1>
<div class="rich_media_meta_list">原创 教育发布 {esc(doc.issuer)} {date(rng)} 17:{rng.randint(10, 59)} 发表于河南</div>
<div id="js_content"><section><p>点击上方蓝字 关注我们</p></section>
{paras_html(doc.paragraphs, "section")}
<section><p>来源:{esc(doc.issuer)}</p><p>编辑:王{rng.choice("明华丽军")} 审核:李{rng.choice("强芳涛")}</p></section>
<section><p>长按识别二维码关注我们</p></section></div>
<div class="rich_media_tool"><a>阅读原文</a> 阅读 {rng.randint(1000, 9000)} 分享 点赞 在看</div>
<div>微信扫一扫关注该公众号</div><div>预览时标签不可点</div></div>"""
    raw = page(doc.title, body, None).encode("utf-8")
    return Case(raw, ".html", doc.title, doc.paragraphs)


def to_traditional_with_pinyin(text: str, rng: random.Random) -> str:
    trad = OpenCC("s2t").convert(text)
    return "".join(ch + (f"({PINYIN[ch]})" if ch in PINYIN and rng.random() < 0.5 else "") for ch in trad)


def t_forum_big5(doc: Body, rng: random.Random) -> Case:
    """Traditional forum repost with pinyin artifacts: 樓主, 只看該作者, signature (Big5)."""
    trad = [to_traditional_with_pinyin(p, rng) for p in doc.paragraphs]
    title = OpenCC("s2t").convert(doc.title)
    body = f"""<div id="hd">教師交流論壇 {links(["首頁", "論壇", "搜索", "登錄", "註冊"], " ")}</div>
<div class="crumb">{links(["論壇", "工作總結交流"], " » ")} » {esc(title)}</div>
<h1>{esc(title)}</h1><div class="pi">樓主 發表於 {date(rng)} | 只看該作者 | 倒序瀏覽</div>
<div class="t_msg">{paras_html(trad)}</div>
<div class="sign">簽名檔:教書育人,樂在其中</div><div class="po">回覆 引用 舉報 收藏 分享</div>
<div class="post">沙發 發表於 {date(rng)}<p>謝謝樓主分享!</p></div>
<div class="fastpost">快速回覆主題 您需要登錄後才可以回帖</div>
<div id="ft">Powered by Discuz! X3.4 &copy; 2001-2024 教師交流論壇</div>"""
    raw = page(f"{title} - 工作總結交流 - 教師交流論壇", body, "big5").encode("big5hkscs", "xmlcharrefreplace")
    return Case(raw, ".html", doc.title, doc.paragraphs)


def t_wenku_dump(doc: Body, rng: random.Random) -> Case:
    """Text dump of a 文库 preview: VIP/下载券 prompts, preview blob with title glued, pages left (.txt)."""
    blob = doc.title + "".join(doc.paragraphs[:-3])
    lines = [
        "首页 / 文库 / 教育专区 / 工作总结",
        "VIP专享 下载券 立即开通",
        doc.title,
        f"{rng.randint(2, 9)}页 {rng.randint(100, 900)}次阅读 上传于{date(rng)}",
        "举报 收藏 分享",
        blob,
        f"已阅读{rng.randint(2, 4)}页,还剩{rng.randint(2, 6)}页未读,继续免费阅读",
        "立即下载 本文档由用户上传,仅供参考",
        "相关文档",
        *related_titles(rng, 3),
    ]
    return Case(("\n".join(lines) + "\n").encode("utf-8"), ".txt", doc.title, doc.paragraphs[:-3])


def t_mobile(doc: Body, rng: random.Random) -> Case:
    """Mobile page: APP prompts, 展开全文, bottom tab bar; GBK bytes with no declaration."""
    body = f"""<div class="topbar"><a>返回</a> 范文手机版 <a>搜索</a></div>
<div class="app">APP内打开,阅读体验更佳</div>
<h1>{esc(doc.title)}</h1><p class="src">{date(rng)} · 范文手机版 · {rng.randint(100, 900)}人看过</p>
<div class="art">{paras_html(doc.paragraphs)}</div>
<div class="fold">展开全文 打开APP阅读全文</div>
<div class="hot"><p>大家都在看</p>{links(related_titles(rng, 4), "<br>")}</div>
<div class="tab">{links(["首页", "分类", "会员", "我的"], " ")}</div>"""
    raw = page(doc.title, body, None).encode("gbk", "xmlcharrefreplace")
    return Case(raw, ".html", doc.title, doc.paragraphs)


TUNE: dict[str, Template] = {
    "wenmi": t_wenmi,
    "blog": t_blog,
    "docshare": t_docshare,
    "pdftext": t_pdftext,
    "xuexi": t_xuexi,
    "oldtable": t_oldtable,
    "wechat": t_wechat,
    "forum_big5": t_forum_big5,
    "wenku_dump": t_wenku_dump,
    "mobile": t_mobile,
}


def write_case(out: Path, name: str, case: Case) -> None:
    (out / f"{name}{case.suffix}").write_bytes(case.raw)
    gold = {"title": case.title, "body": case.body}
    if case.meta:
        gold["meta"] = case.meta
    (out / f"{name}.gold.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def generate(templates: dict[str, Template], out: Path, per_template: int, seed: int) -> int:
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for t, (name, template) in enumerate(templates.items()):
        for i in range(per_template):
            rng = random.Random(seed + 100 * t + i)
            body = make_body(rng)
            case = template(body, rng)
            case.meta = body.meta
            write_case(out, f"{name}_{i}", case)
            count += 1
    return count


def main() -> None:
    from heldout_templates import HELDOUT

    tuned = generate(TUNE, HERE / "tune", per_template=3, seed=1000)
    held = generate(HELDOUT, HERE / "heldout", per_template=4, seed=5000)
    print(f"wrote {tuned} tune cases and {held} held-out cases")


if __name__ == "__main__":
    main()
