"""The topic filter keeps education bureaus' work documents and nothing else."""

import pytest

from cleaning.topic import link_priority, off_topic_reason, topic_score

BUREAU_BODY = "2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，全县教育系统各项工作稳步推进。"


@pytest.mark.parametrize(
    "title",
    [
        "高台县教育局2023年工作总结和2024年工作计划",
        "市教育局2024年第三季度工作总结",
        "区教育和体育局上半年工作汇报",
        "县教体局2022年工作要点",
        "市教育科技局局长述职报告",
        "区教育委员会2021年自查报告",
    ],
)
def test_bureau_documents_are_kept(title):
    assert off_topic_reason(title, BUREAU_BODY) is None


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("县卫健局2023年工作总结", "off_topic:other_issuer"),
        ("实验小学2023年工作总结", "off_topic:other_issuer"),
        ("教育局干部学习心得体会", "off_topic:genre"),
        ("小学语文《秋天》教案", "off_topic:genre"),
        ("我的家乡作文", "off_topic:genre"),
        ("关于开展安全检查的通知", "off_topic:not_work_document"),
    ],
)
def test_other_pages_are_rejected_with_a_reason(title, reason):
    assert off_topic_reason(title, BUREAU_BODY) == reason


def test_untitled_text_dump_is_judged_by_its_voice():
    body = "教育局2023年工作总结\n" + BUREAU_BODY
    assert off_topic_reason(None, body) is None
    assert off_topic_reason(None, "2023年，我院坚持以人民健康为中心，医疗服务水平不断提高，工作总结如下。") is not None


def test_score_ranks_bureau_summaries_above_others():
    bureau = topic_score("县教育局2023年工作总结", BUREAU_BODY)
    other = topic_score("县财政局2023年工作总结", "2023年，我局坚持稳中求进，财政收入稳步增长。")
    assert 0 <= other < bureau <= 1


def test_link_priority_orders_the_frontier():
    best = link_priority("县教育局2023年工作总结", "/zongjie/1.html")
    summary = link_priority("财政局工作总结", "/zongjie/2.html")
    plain = link_priority("关于我们", "/about.html")
    lesson = link_priority("小学语文教案", "/jiaoan/3.html")
    assert best > summary > plain > lesson
