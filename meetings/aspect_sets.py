"""The check-aspect sets shipped with the app (data, loaded by a migration; editable in admin)."""

FIVE_LEADS_2021 = (
    "2021年党史学习教育专题“五个带头”",
    "special",
    [
        (
            "带头深刻感悟“两个确立”的决定性意义",
            "带头深刻感悟“两个确立”的决定性意义，深刻感悟党坚持把马克思主义同中国具体实际相结合、"
            "同中华优秀传统文化相结合的非凡历程，全面贯彻习近平新时代中国特色社会主义思想，树立正确党史观，"
            "坚定信仰信念信心，增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
        ),
        (
            "带头牢记我们党是什么、要干什么这个根本问题",
            "带头牢记我们党是什么、要干什么这个根本问题，心怀“国之大者”，贯彻新发展理念，履职尽责、"
            "担当作为，聚焦新冠肺炎疫情防控、保持经济发展、深化改革开放、维护社会稳定等正在做的工作，"
            "不折不扣把党中央决策部署落实到位。",
        ),
        (
            "带头践行以人民为中心的发展思想",
            "带头践行以人民为中心的发展思想，尊重群众意愿，为群众办实事解难题，有效保障改善民生，"
            "增强人民群众获得感幸福感安全感，确保党永远保持同人民群众的血肉联系。",
        ),
        (
            "带头学习运用党在不同历史时期成功应对风险挑战的丰富经验",
            "带头学习运用党在不同历史时期成功应对风险挑战的丰富经验，增强忧患意识，保持战略定力，"
            "提高能力本领，敢于斗争、善于斗争，不断取得新的胜利和荣光。",
        ),
        (
            "带头深刻汲取党史中正反两方面经验",
            "带头深刻汲取党史中正反两方面经验，履行全面从严治党责任，旗帜鲜明讲政治，严守党的政治纪律"
            "和政治规矩，落实中央八项规定及其实施细则精神，持续用力纠“四风”、树新风，坚决反对形式主义"
            "官僚主义，加强对“一把手”监督和领导班子监督，坚决同一切违规违纪违法现象作斗争。",
        ),
    ],
)

GENERIC_ANNUAL = (
    "年度民主生活会通用六个方面",
    "annual",
    [
        (
            "理论学习",
            "在加强政治理论学习、坚定理想信念方面，深入学习贯彻习近平新时代中国特色社会主义思想，"
            "学深悟透、融会贯通、真信笃行。",
        ),
        (
            "政治建设",
            "在增强“四个意识”、坚定“四个自信”、做到“两个维护”，严守政治纪律和政治规矩方面。",
        ),
        (
            "履职担当",
            "在贯彻落实党中央决策部署和上级工作要求，履职尽责、担当作为、推动高质量发展方面。",
        ),
        (
            "为民服务",
            "在践行以人民为中心的发展思想，为群众办实事解难题、密切联系群众方面。",
        ),
        (
            "作风建设",
            "在落实中央八项规定及其实施细则精神，力戒形式主义官僚主义方面。",
        ),
        (
            "廉洁自律",
            "在落实全面从严治党责任，严于律己、严格管理家属子女和身边工作人员，廉洁自律方面。",
        ),
    ],
)

SHIPPED_SETS = [FIVE_LEADS_2021, GENERIC_ANNUAL]


def install(template_model=None, item_model=None):
    """Creates the shipped sets that are missing (idempotent); the migration passes its historical models."""
    if template_model is None:
        from .models import AspectTemplate as template_model
        from .models import AspectTemplateItem as item_model
    for name, kind, items in SHIPPED_SETS:
        template, created = template_model.objects.get_or_create(name=name, defaults={"kind": kind})
        if created:
            item_model.objects.bulk_create(
                item_model(template=template, order=order, name=short, text=text)
                for order, (short, text) in enumerate(items, 1)
            )
