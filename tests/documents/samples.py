"""Document trees for the renderer tests, shaped like the seed plans."""

import datetime

from documents.tree import Document, Heading, NumberedList, PageBreak, Paragraph, Signature, Table

TITLE = "XX街道党史学习教育五个带头专题民主生活会实施方案"
BODY = (
    "按照党史学习教育有关要求，本次民主生活会的主题是：大力弘扬伟大建党精神，坚持和发展党的百年奋斗历史经验。"
)
LEAD = "（二）广泛征求意见建议。"
# Only full-width characters, so every full line holds exactly 28 of them.
PLAIN = "中华人民共和国党政机关公文格式国家标准规定版心内每页排二十二行每行二十八个字"


def plan() -> Document:
    """A short plan with every kind of block."""
    return Document(
        title=TITLE,
        subtitle="2022年1月11日",
        blocks=[
            Paragraph("为确保党史学习教育专题民主生活会取得实效，特制定本实施方案。"),
            Heading("一、会议主题", 1),
            Paragraph(BODY),
            Heading("二、会前准备", 1),
            Heading("（一）开展好会前学习", 2),
            Paragraph("会前，街道党工委理论学习中心组全体成员要深入学习。", lead=LEAD),
            Heading("1.学习重要讲话精神", 3),
            Heading("（1）原原本本学", 4),
            NumberedList(["在加强政治理论学习方面", "在坚持以人民为中心方面"], style="yishi"),
            Table(["序号", "问题", "责任人"], [["1", "学习不够深入", "林书记"], ["2", "调研不够", "成员1"]]),
        ],
        signature=Signature(["中共XX街道工作委员会"], datetime.date(2022, 1, 20)),
    )


def long_text(pages: int = 3) -> Document:
    """One paragraph of plain full-width text running over several pages."""
    return Document(title="版心测试", blocks=[Paragraph(PLAIN * 15 * pages)])


def twenty_pages() -> Document:
    """About twenty pages of headings, leads, lists, body text and a table."""
    blocks = []
    for number in range(1, 9):
        blocks.append(Heading(f"{'一二三四五六七八'[number - 1]}、会前准备", 1))
        blocks.append(Heading("（一）开展好会前学习", 2))
        blocks.extend(Paragraph(BODY * 4, lead=LEAD if n == 0 else "") for n in range(6))
        blocks.append(NumberedList(["在加强政治理论学习方面", "在坚持以人民为中心方面"], style="arabic"))
    blocks.append(PageBreak())
    rows = [
        [str(n), "学习不够深入，联系实际不够紧密", "原原本本学，带着问题学", "2022年3月底前"]
        for n in range(30)
    ]
    blocks.append(Table(["序号", "问题", "整改措施", "时限"], rows, [15, 55, 55, 31]))
    return Document(
        title=TITLE,
        subtitle="2022年1月11日",
        blocks=blocks,
        signature=Signature(["中共XX街道工作委员会"], datetime.date(2022, 1, 20)),
    )
