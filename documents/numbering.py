"""Chinese numbering as official documents use it: 一、（一）1.（1）一是."""

DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    if not 0 < n < 100:
        raise ValueError(f"chinese_number supports 1–99, got {n}")
    tens, units = divmod(n, 10)
    if tens == 0:
        return DIGITS[units]
    head = "" if tens == 1 else DIGITS[tens]
    return f"{head}十{DIGITS[units] if units else ''}"


def level1(n: int) -> str:
    return f"{chinese_number(n)}、"


def level2(n: int) -> str:
    return f"（{chinese_number(n)}）"
