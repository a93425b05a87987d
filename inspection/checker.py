"""The checker (DESIGN §5): what the plans forbid in a draft, as warnings; it never refuses a save or a submit.

``check(draft)`` reads one draft against the database, ``check_meeting(meeting)`` every draft of a meeting
with one shared similarity index. Below them sit two parts that read no database, so the bench can time
them alone: ``check_content`` (the checks on one content dict) and ``find_copies`` (texts in, copied
passages out: sentences → character shingles → datasketch MinHash/MinHashLSH for candidates → rapidfuzz
to confirm → runs of copied sentences merged into passages).
"""

import re
import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from rapidfuzz import fuzz

from feedback.models import Opinion, OpinionStatus

from .content import normalise, part_labels, passages, problem_text, problems
from .models import Draft, DraftKind, DraftOpinion, SoftPhrase

# A sentence shorter than this (punctuation not counted) is shared phrasing, not copying, even the
# 22 characters of "深入学习贯彻习近平新时代中国特色社会主义思想。" standing alone; a short sentence
# inside a copied passage is still shown with it (see _extend).
MIN_SENTENCE = 24
# Shingles of 3 characters and 64 permutations: on sentences with 3 characters changed the index
# offers 93% of the copies as candidates (4 characters: 87%; 32 permutations: 73–85%) at the same cost.
# It only proposes; rapidfuzz decides, and a copied passage is grown from any sentence it confirms.
SHINGLE = 3
NUM_PERM = 64
LSH_THRESHOLD = 0.5
COPY_RATIO = 85  # rapidfuzz fuzz.ratio of two sentences that count as the same
# A sentence that this many of the drafts compared with its own also have (and at least a quarter of
# them) is a formula (套话) of the team, not a copy from any one of them.
FORMULA_DRAFTS = 3
FORMULA_SHARE = 0.25
OPINION_RATIO = 80  # rapidfuzz partial_ratio of an opinion against the problems that counts as taken up
SELF_WORDS = ("我", "自己", "本人", "个人")
COPY_KINDS = ("previous", "group", "problem", "cause", "measure")  # not the preamble, headings, matters

SENTENCE = re.compile(r"[^。！？；\n]+(?:[。！？；]+[”’」』）)]*)?")
NOT_A_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Finding:
    """One warning about a draft, for the editor (highlighting ``part_ids``) and the reviewer."""

    code: str  # "no-example" "measure-unlinked" "problem-unanswered" "aspect-empty" "soft-criticism"
    # "team-not-self" "copied" "opinion-unanswered" "changed-after-approval"
    message: str
    part_ids: tuple[str, ...] = ()
    passage: str = ""  # "copied": this draft's passage
    other_passage: str = ""  # "copied": the other draft's passage
    other_label: str = ""  # "copied": "成员2的个人发言提纲（2026年度民主生活会）"
    opinion_id: int | None = None  # "opinion-unanswered"


# --- the checks on one draft's content ----------------------------------------------------------


def check_content(content, *, aspects=(), soft_phrases=(), personal=True):
    """Checks 1–5 on a content dict (inspection.content): examples, measures, aspects, soft phrasing, 班子.

    ``aspects`` are the meeting's (order, name) pairs, ``soft_phrases`` the SoftPhrase texts.
    """
    findings = []
    numbered = problems(content)
    labels = part_labels(content)

    covered = {group["aspect"] for group in content["problems"]["groups"] if group["items"]}
    for order, name in aspects:
        if order not in covered:
            groups = tuple(g["id"] for g in content["problems"]["groups"] if g["aspect"] == order)
            findings.append(Finding("aspect-empty", f"对照检查方面“{name}”还没有查摆问题。", groups))

    for number, _group, item in numbered:
        label, text = f"问题{number}", problem_text(item)
        # 见人见事见思想: the plans ask every problem for a concrete example.
        if not item["example"]:
            findings.append(Finding("no-example", f"{label}没有举出具体事例（“比如，…”）。", (item["id"],)))
        found = [phrase for phrase in soft_phrases if phrase in text]
        if found:
            quoted = "".join(f"“{phrase}”" for phrase in found)
            findings.append(
                Finding(
                    "soft-criticism",
                    f"{label}用了{quoted}，这是以希望、建议代替批评的说法，请直接写明问题。",
                    (item["id"],),
                )
            )
        if personal and "班子" in text and not any(word in text for word in SELF_WORDS):
            findings.append(
                Finding(
                    "team-not-self",
                    f"{label}写的是“班子”的问题，没有落到本人身上，个人发言提纲应查摆个人的问题。",
                    (item["id"],),
                )
            )

    measures = content["measures"]["items"]
    answered = {problem_id for measure in measures for problem_id in measure["answers"]}
    for measure in measures:
        if not measure["answers"]:
            label = labels[measure["id"]]
            findings.append(
                Finding(
                    "measure-unlinked", f"{label}没有对应任何问题，请选择它整改的问题。", (measure["id"],)
                )
            )
    if numbered and not measures:
        findings.append(
            Finding(
                "problem-unanswered",
                "还没有写整改措施，查摆的问题都没有对应的措施。",
                tuple(item["id"] for _n, _g, item in numbered),
            )
        )
    elif measures:
        for number, _group, item in numbered:
            if item["id"] not in answered:
                findings.append(
                    Finding("problem-unanswered", f"问题{number}没有对应的整改措施。", (item["id"],))
                )
    return findings


def unanswered_opinions(content, opinions):
    """Check 7: the (id, text) opinions the draft neither cites nor answers in its problems."""
    written = normalised(" ".join(problem_text(item) for _n, _g, item in problems(content)))
    findings = []
    for opinion_id, text in opinions:
        wanted = normalised(text)
        if written and wanted and fuzz.partial_ratio(wanted, written, score_cutoff=OPINION_RATIO):
            continue
        short = text if len(text) <= 30 else f"{text[:30]}…"
        findings.append(
            Finding(
                "opinion-unanswered",
                f"采纳的意见“{short}”在材料中还没有回应：请在相应问题中回应，并勾选为已回应。",
                opinion_id=opinion_id,
            )
        )
    return findings


# --- the similarity core: texts in, copied passages out --------------------------------------------


@dataclass(frozen=True)
class Source:
    """One draft's text for the copy search: its parts in order, as (part id, text)."""

    key: Hashable
    parts: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class CopiedPassage:
    """A passage of ``source`` that is (nearly) the same as a passage of ``other``."""

    source: Hashable
    part_id: str
    passage: str
    other: Hashable
    other_part_id: str
    other_passage: str


def normalised(text):
    """What two sentences are compared on: the words, without punctuation and spaces."""
    return NOT_A_WORD.sub("", text)


def sentences(text):
    """A text split after 。！？； (and line breaks), a closing quote staying with its sentence."""
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


def _shingles(words):
    # SHINGLE characters as 4 bytes each of one UTF-32 encoding, for zlib.crc32 (C, ~0.1 µs a shingle;
    # datasketch's default sha1 is several times slower), which datasketch's affine32 scheme mixes
    # before permuting.
    data = words.encode("utf-32-le")
    width = 4 * SHINGLE
    return [data[i : i + width] for i in range(0, max(len(data) - width, 0) + 1, 4)]


def _same(a, b):
    return bool(a) and bool(b) and fuzz.ratio(a, b, score_cutoff=COPY_RATIO) > 0


def find_copies(sources: Sequence[Source], compare: Mapping[Hashable, Iterable[Hashable]], common=()):
    """The passages of each source copied from the sources it is compared with.

    ``compare`` maps a source's key to the keys of the sources it must not copy from (one way: the
    team draft gathers members' problems without copying them). ``common`` holds texts every draft
    may share, such as the meeting's aspects: sentences like them are never copies.
    """
    # Imported here: datasketch's LSH module imports scipy.integrate (about a second), which every
    # process that merely loads the views would otherwise pay.
    from datasketch import MinHash, MinHashLSH

    position = {source.key: s for s, source in enumerate(sources)}
    targets = {
        position[key]: {position[other] for other in others if other in position}
        for key, others in compare.items()
        if key in position
    }
    targets = {s: others - {s} for s, others in targets.items() if others - {s}}
    if not targets:
        return []
    related = defaultdict(set)  # source -> the sources compared with it, either way
    for s, others in targets.items():
        related[s] |= others
        for t in others:
            related[t].add(s)

    # Every part as its sentences, (text, words); the sentences long enough to count are indexed
    # as (source, part, position), the common texts as source -1.
    parts, indexed = {}, []
    texts = [(s, p, text) for s in related for p, (_part_id, text) in enumerate(sources[s].parts)]
    for s, p, text in texts + [(-1, p, text) for p, text in enumerate(common)]:
        parts[s, p] = [(sentence, normalised(sentence)) for sentence in sentences(text)]
        indexed.extend((s, p, n) for n, (_, words) in enumerate(parts[s, p]) if len(words) >= MIN_SENTENCE)

    def words(k):
        s, p, n = indexed[k]
        return parts[s, p][n][1]

    # The sentences of sources that copy from nobody go in first, unasked; each of the others asks
    # the index for what came before it and then joins it, so a candidate pair turns up once.
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32)
    index = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    same = []  # (sentence, sentence) pairs that rapidfuzz confirms
    for k in sorted(range(len(indexed)), key=lambda k: indexed[k][0] in targets):
        minhash.clear()
        minhash.update_batch(_shingles(words(k)))
        s = indexed[k][0]
        if s in targets:
            for c in index.query(minhash):
                t = indexed[c][0]
                if (t == -1 or t in related[s]) and _same(words(k), words(c)):
                    same.append((k, c))
        index.insert(k, minhash, check_duplication=False)

    # A sentence like the meeting's own wording, or one that many drafts around it share, is a formula.
    found_in = defaultdict(set)
    for k, c in same:
        found_in[k].add(indexed[c][0])
        found_in[c].add(indexed[k][0])

    def formula(k):
        sharing = found_in[k]
        return -1 in sharing or len(sharing) >= max(
            FORMULA_DRAFTS, FORMULA_SHARE * len(related[indexed[k][0]])
        )

    matches = defaultdict(dict)  # (source, part, other source, other part) -> {position: other position}
    for k, c in same:
        for mine, theirs in ((k, c), (c, k)):
            (s, p, n), (t, q, m) = indexed[mine], indexed[theirs]
            if t in targets.get(s, ()) and not formula(mine):
                matches[s, p, t, q].setdefault(n, m)

    copies = []
    for (s, p, t, q), pairs in matches.items():
        mine, theirs = parts[s, p], parts[t, q]
        _extend(pairs, mine, theirs)
        runs = _runs(sorted(pairs))
        copies.append(
            CopiedPassage(
                source=sources[s].key,
                part_id=sources[s].parts[p][0],
                passage="……".join("".join(text for text, _ in mine[a : b + 1]) for a, b in runs),
                other=sources[t].key,
                other_part_id=sources[t].parts[q][0],
                other_passage="……".join(_span(theirs, [pairs[n] for n in range(a, b + 1)]) for a, b in runs),
            )
        )
    return copies


def _extend(pairs, mine, theirs):
    """Grow each matched sentence pair along both texts while the neighbours are the same too,
    so a copied passage shows whole, short sentences included."""
    for n, m in list(pairs.items()):
        for step in (1, -1):
            a, b = n + step, m + step
            while 0 <= a < len(mine) and 0 <= b < len(theirs) and a not in pairs:
                if not _same(mine[a][1], theirs[b][1]):
                    break
                pairs[a] = b
                a, b = a + step, b + step


def _runs(positions):
    """[(first, last)] of consecutive positions."""
    runs = []
    for n in positions:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _span(split, positions):
    return "".join(text for text, _ in split[min(positions) : max(positions) + 1])


# --- reading the database ------------------------------------------------------------------------


def check(draft):
    """The findings on one draft, against the drafts it is compared with and the opinions addressed to it."""
    return _check([draft], draft.meeting)[draft.pk]


def check_meeting(meeting):
    """The findings on every draft of a meeting, with one similarity index for all: {draft pk: findings}."""
    drafts = list(meeting.drafts.select_related("author"))
    for draft in drafts:
        draft.meeting = meeting
    return _check(drafts, meeting)


def copy_parts(content):
    """The parts the copy search reads: what the writer wrote, not the headings every draft shares."""
    summaries = {group["id"]: group["summary"] for group in content["problems"]["groups"]}
    out = []
    for passage in passages(content):
        if passage.kind not in COPY_KINDS:
            continue
        text = summaries[passage.part_id] if passage.kind == "group" else passage.text
        if text:
            out.append((passage.part_id, text))
    return out


def _content(draft):
    return draft.content or normalise({})


def _compared_with(draft, other, meeting):
    """Whether ``draft`` must not copy from ``other``: another outline or the team draft of its
    meeting, or its author's own outline of an earlier meeting; the team draft only from earlier
    team drafts (it gathers the members' problems by design)."""
    if draft.is_team:
        return other.is_team and other.meeting_id != meeting.pk
    if other.meeting_id == meeting.pk:
        return True
    return other.author_id == draft.author_id


def _check(subjects, meeting):
    """{draft pk: findings} for ``subjects``, drafts of ``meeting``, in five queries however many there are."""
    if not subjects:
        return {}
    saved = [draft.pk for draft in subjects if draft.pk]
    authors = {draft.author_id for draft in subjects if not draft.is_team}
    teams = any(draft.is_team for draft in subjects)

    earlier = Q(meeting__organisation_id=meeting.organisation_id, meeting__date__lt=meeting.date)
    wanted, addressees = [], []
    if authors:
        wanted += [Q(meeting=meeting), earlier & Q(kind=DraftKind.PERSONAL, author_id__in=authors)]
        addressees.append(Q(addressee_id__in=authors))
    if teams:
        wanted.append(earlier & Q(kind=DraftKind.TEAM))
        addressees.append(Q(addressee__isnull=True))  # 留空为领导班子
    others = list(
        Draft.objects.filter(reduce(or_, wanted)).exclude(pk__in=saved).select_related("meeting", "author")
    )

    aspects = list(meeting.aspects.all())
    soft_phrases = list(SoftPhrase.objects.values_list("text", flat=True))
    opinions = defaultdict(list)
    accepted = Opinion.objects.filter(reduce(or_, addressees), meeting=meeting, status=OpinionStatus.ACCEPTED)
    for pk, addressee_id, text in accepted.values_list("pk", "addressee_id", "text"):
        opinions[addressee_id].append((pk, text))
    ticked = set(DraftOpinion.objects.filter(draft_id__in=saved).values_list("draft_id", "opinion_id"))

    everyone = [*subjects, *others]
    contents = [_content(draft) for draft in everyone]
    compare = {
        s: [o for o, other in enumerate(everyone) if o != s and _compared_with(draft, other, meeting)]
        for s, draft in enumerate(subjects)
    }
    sources = [Source(n, copy_parts(content)) for n, content in enumerate(contents)]
    common = [meeting.theme, *(aspect.text for aspect in aspects)]
    copies = defaultdict(list)
    for copy in find_copies(sources, compare, common):
        copies[copy.source].append(copy)
    labels = {}

    def label(n, part_id):
        if n not in labels:
            labels[n] = part_labels(contents[n])
        return labels[n][part_id]

    results = {}
    for s, draft in enumerate(subjects):
        findings = []
        if draft.changed_since_approval:
            findings.append(
                Finding(
                    "changed-after-approval",
                    f"本材料在第{draft.approved_version}版审阅通过后又有修改，需重新提交审阅。",
                )
            )
        findings += check_content(
            contents[s],
            aspects=[(aspect.order, aspect.name) for aspect in aspects],
            soft_phrases=soft_phrases,
            personal=not draft.is_team,
        )
        for copy in copies[s]:
            other = everyone[copy.other]
            other_label = f"{other.label}（{other.meeting.display_name}）"
            findings.append(
                Finding(
                    "copied",
                    f"{label(s, copy.part_id)}与{other_label}的{label(copy.other, copy.other_part_id)}"
                    "有一段基本相同，请结合实际重新撰写。",
                    (copy.part_id,),
                    passage=copy.passage,
                    other_passage=copy.other_passage,
                    other_label=other_label,
                )
            )
        addressee = None if draft.is_team else draft.author_id
        findings += unanswered_opinions(
            contents[s], [(pk, text) for pk, text in opinions[addressee] if (draft.pk, pk) not in ticked]
        )
        results[draft.pk] = findings
    return results
