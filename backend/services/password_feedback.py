"""zxcvbn's reasons and advice for a guessable password, in the reader's language (A2, X1).

zxcvbn writes its feedback in English, from a fixed set of sentences (zxcvbn/feedback.py).
Each one is listed here for the catalog, and the reason a password was refused is made of
their `Text`s, so it is translated where it is shown. A sentence a later zxcvbn adds is shown
as it comes until it is listed (tests/services/test_password_feedback.py notices).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from backend.i18n import N_, Text

_SENTENCES = (
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Add another word or two. Uncommon words are better."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Dates are often easy to guess."),
    N_("Avoid dates and years that are associated with you."),
    N_("This is a top-10 common password."),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Capitalization doesn't help very much."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
)
KNOWN = {sentence.msgid: sentence for sentence in _SENTENCES}
TOO_EASY = N_("This password is too easy to guess.")


def reason(feedback: Mapping[str, str | Sequence[str]]) -> Text:
    """zxcvbn's warning (or ours when it has none), then its suggestions, one sentence each."""
    warning = feedback.get("warning")
    sentences = [_known(warning) if isinstance(warning, str) and warning else TOO_EASY]
    sentences += [_known(advice) for advice in feedback.get("suggestions") or ()]
    # Not a sentence of its own, so not in the catalog: the sentences in a row, each translated.
    placeholders = " ".join(f"%(s{index})s" for index in range(len(sentences)))
    return Text(placeholders, params={f"s{index}": text for index, text in enumerate(sentences)})


def _known(sentence: str) -> Text:
    # A literal percent sign in an unlisted sentence must survive Text's formatting.
    return KNOWN.get(sentence) or Text(sentence.replace("%", "%%"))
