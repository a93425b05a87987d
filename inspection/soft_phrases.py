"""以希望代替批评: phrasings that soften a criticism into a hope or a suggestion.

Loaded into ``SoftPhrase`` by a migration (the office can add its own in the admin); the checker
and the meeting record read the table, not this list.
"""

DEFAULT_SOFT_PHRASES = [
    ("希望你", "以希望代替批评"),
    ("希望您", "以希望代替批评"),
    ("希望今后", "以希望代替批评"),
    ("希望能", "以希望代替批评"),
    ("希望进一步", "以希望代替批评"),
    ("希望多", "以希望代替批评"),
    ("希望同志", "以希望代替批评"),
    ("建议你", "以建议代替批评"),
    ("建议您", "以建议代替批评"),
    ("建议今后", "以建议代替批评"),
    ("建议进一步", "以建议代替批评"),
    ("建议多", "以建议代替批评"),
    ("期望", "以期望代替批评"),
    ("期待", "以期待代替批评"),
    ("如果能", "以假设代替批评"),
    ("要是能", "以假设代替批评"),
    ("若能", "以假设代替批评"),
    ("最好能", "以建议代替批评"),
    ("可以更加", "以建议代替批评"),
    ("注意身体", "以关心代替批评"),
    ("工作太拼", "以表扬代替批评"),
]
