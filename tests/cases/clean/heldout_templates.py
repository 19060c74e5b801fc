"""Held-out page styles: written before the cleaning rules were tuned and never
used to tune them, so their scores measure how cleaning generalises."""

from __future__ import annotations

import random

from make_cases import (
    Body,
    Case,
    Template,
    date,
    esc,
    hard_wrap,
    links,
    page,
    paras_html,
    related_titles,
    to_traditional_with_pinyin,
)
from opencc import OpenCC


def h_portal(doc: Body, rng: random.Random) -> Case:
    """County news portal: 字体 大中小, 责任编辑, 扫一扫, 主办单位 / 网站标识码 footer (UTF-8)."""
    body = f"""<div class="header"><div class="logo">{esc(doc.issuer)}门户网站</div>
<div class="menu">{links(["首页", "政务公开", "教育动态", "办事服务", "互动交流"], "")}</div></div>
<div class="loc">首页 » 政务公开 » 计划总结</div>
<div class="detail"><div class="tit">{esc(doc.title)}</div>
<div class="attr">信息来源:{esc(doc.issuer)} 发布日期:{date(rng)} 【字体:大 中 小】</div>
<div class="TRS_Editor">{paras_html(doc.paragraphs, indent="　　")}</div>
<div class="editor">责任编辑:张{rng.choice("伟敏静")}</div>
<div class="tools">【打印】【关闭】 扫一扫在手机打开当前页</div></div>
<div class="foot">主办单位:{esc(doc.issuer)} 承办单位:{esc(doc.issuer)}办公室<br>
网站标识码:{rng.randint(1000000000, 9999999999)} 政务服务热线:12345 晋ICP备{rng.randint(10000000, 99999999)}号</div>"""
    raw = page(f"{doc.title}-{doc.issuer}", body, "utf-8").encode("utf-8")
    return Case(raw, ".html", doc.title, doc.paragraphs)


def h_bbs(doc: Body, rng: random.Random) -> Case:
    """Discuz-style BBS post in Simplified: 电梯直达, 本帖最后由…编辑, 积分 (GB18030)."""
    body = f"""<div id="toptb">{links(["设为首页", "收藏本站", "登录", "立即注册"], " ")}</div>
<div id="pt">{links(["教师之家", "教育管理", "总结交流"], " › ")}</div>
<div class="pls">admin_{rng.randint(10, 99)}<br>积分 {rng.randint(100, 9999)} 帖子 {rng.randint(10, 999)} 主题 {rng.randint(1, 99)}</div>
<div class="plc"><h1>{esc(doc.title)}</h1><div class="authi">电梯直达 楼主 发表于 {date(rng)} | 只看该作者</div>
<div class="pstatus">本帖最后由 admin 于 {date(rng)} 10:12 编辑</div>
<div class="t_f">{"<br />".join(esc(p) for p in doc.paragraphs)}</div>
<div class="po">回复 举报 收藏 分享 支持 反对</div></div>
<div class="plc">沙发 发表于 {date(rng)}<br>感谢楼主,学习了</div>
<div class="pgs">返回列表 发新帖</div>
<div id="ft">Archiver | 手机版 | 小黑屋 | 教师之家 GMT+8, {date(rng)}</div>"""
    raw = page(f"{doc.title} - 总结交流 - 教师之家", body, "gb18030").encode("gb18030", "xmlcharrefreplace")
    return Case(raw, ".html", doc.title, doc.paragraphs)


def h_docreader(doc: Body, rng: random.Random) -> Case:
    """豆丁-like reader: 文档格式/文档页数 facts, 正在加载中, 本文档为 notice (UTF-8 declared big5)."""
    body = f"""<div class="nav">资料分享网 {links(["首页", "文档分类", "排行", "会员中心"], " ")}</div>
<h1 class="doc-title">{esc(doc.title)}</h1>
<ul class="doc-info"><li>文档格式:.doc</li><li>文档页数:{rng.randint(3, 9)}页</li><li>文档大小:{rng.randint(20, 60)}.0K</li><li>文档热度:{rng.randint(1, 5)}星</li></ul>
<div class="doc-body">{paras_html(doc.paragraphs)}</div>
<div class="loading">正在加载中,请稍后...</div>
<div class="btns"><a>下载此文档</a> <a>放入我的文档</a> <a>分享到微信</a></div>
<div class="tip">本文档为【{esc(doc.title)}】,可在线阅读全文,下载后可编辑打印。</div>
<div class="foot">资料分享网 版权声明 | 联系我们 | 网站地图</div>"""
    raw = page(f"{doc.title} - 资料分享网", body, "big5").encode("utf-8")
    return Case(raw, ".html", doc.title, doc.paragraphs)


def h_pdfdump(doc: Body, rng: random.Random) -> Case:
    """Converted official file: running header each page, - n - page numbers, hard wraps (.txt)."""
    width = rng.randint(26, 31)
    header = f"{doc.issuer}文件"
    lines = [header, doc.title, ""]
    for n, para in enumerate(doc.paragraphs):
        lines.extend(hard_wrap(para, width))
        if n % 4 == 3:
            lines += [f"- {n // 4 + 1} -", header]
    lines += ["", "本文由用户上传分享,如有侵权请联系删除", "更多精彩内容请关注本站"]
    return Case(("\n".join(lines) + "\n").encode("utf-8"), ".txt", doc.title, doc.paragraphs)


def h_zuowen_big5(doc: Body, rng: random.Random) -> Case:
    """Traditional 範文 site: 收藏本文, 熱門標籤, 如需轉載 (Big5 bytes, no declaration)."""
    trad = [to_traditional_with_pinyin(p, rng) for p in doc.paragraphs]
    title = OpenCC("s2t").convert(doc.title)
    body = f"""<div class="top">範文大全網 | {links(["首頁", "總結", "計劃", "報告"], " | ")}</div>
<div class="path">所在位置:{links(["範文大全網", "工作總結"], " → ")}</div>
<h2>{esc(title)}</h2><div class="meta">更新時間:{date(rng)} 本文由用戶投稿</div>
<div class="txt">{paras_html(trad)}</div>
<div class="op">【收藏本文】【打印】 如需轉載請註明出處</div>
<div class="tags">熱門標籤:{links(["教育局總結", "年度總結", "工作計劃"], " ")}</div>
<div class="list"><h3>欄目導航</h3>{links([OpenCC("s2t").convert(t) for t in related_titles(rng, 4)], "<br>")}</div>"""
    raw = page(f"{title}_範文大全網", body, None).encode("big5hkscs", "xmlcharrefreplace")
    return Case(raw, ".html", doc.title, doc.paragraphs)


HELDOUT: dict[str, Template] = {
    "portal": h_portal,
    "bbs": h_bbs,
    "docreader": h_docreader,
    "pdfdump": h_pdfdump,
    "zuowen_big5": h_zuowen_big5,
}
