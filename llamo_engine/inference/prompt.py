"""Chat prompts with motion placeholders: the system prompt with the clip's measurements, earlier turns (text
only), and the current turn holding the motion tokens and the question, preceded by the coaching table's drill
for every fault the conversation names (so "How do I fix it?" after a fault is answered from the table).

The system block depends only on the clip, so the engine runs it through the LLM once per clip and reuses its KV
cache for every question (`prefix_len` ids); a question then prefills only its own turn.

The chat template is rendered as text with MOTION_MARKER where the modality tokens go; the text on either side is
tokenised and exactly `num_modality_tokens` placeholder ids are put between (K viewpoint + L question tokens).
With an answer, the ids continue with the answer's tokens and labels cover only those (training).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from llamo_engine.coaching import drill_notes
from llamo_engine.model.llamo import IGNORE_INDEX

MOTION_MARKER = "<motion>"
SYSTEM_PROMPT = (
    "You are LLaMo Coach, a golf and baseball swing coach. You are given the athlete's motion from a clip and the "
    "measurements of that clip. Answer in one to three short sentences, quote measured numbers and frames, and "
    "say so when something cannot be seen in the clip.")
MAX_QUESTION_TOKENS = 64
SPORT_LINE = re.compile(r"^(golf|baseball) clip\b", re.MULTILINE)   # the analysis line of the summary


@dataclasses.dataclass
class Turn:
    question: str
    answer: str


@dataclasses.dataclass
class PromptIds:
    input_ids: list[int]        # (S,) with the placeholders
    labels: list[int] | None    # (S,) answer tokens, IGNORE_INDEX elsewhere; None without an answer
    prefix_len: int             # ids of the system block (the per-clip prefix); 0 when it cannot be split off


def question_ids(tokenizer, question: str) -> list[int]:
    """The (L,) token ids of a question that feed the Cross Talker (at most MAX_QUESTION_TOKENS)."""
    ids = tokenizer(_clean(question), add_special_tokens=False)["input_ids"][:MAX_QUESTION_TOKENS]
    if not ids:
        raise ValueError("the question is empty; type a question about the swing")
    return ids


def _clean(text: str) -> str:
    return text.replace(MOTION_MARKER, "").strip()


def _messages(question: str, summary: str, history: Sequence[Turn | tuple[str, str]]) -> list[dict]:
    messages = [{"role": "system", "content": f"{SYSTEM_PROMPT}\n\nMeasurements of this clip:\n{_clean(summary)}"}]
    said = []
    for turn in history:
        q, a = (turn.question, turn.answer) if isinstance(turn, Turn) else turn
        messages += [{"role": "user", "content": _clean(q)}, {"role": "assistant", "content": _clean(a)}]
        said += [q, a]
    content = f"Motion: {MOTION_MARKER}\nQuestion: {_clean(question)}"
    sport = SPORT_LINE.search(summary)
    notes = drill_notes(sport.group(1), [*said, question]) if sport else ""
    if notes:
        content = f"{notes}\n{content}"
    return messages + [{"role": "user", "content": content}]


def build_prompt(tokenizer, question: str, summary: str, history: Sequence[Turn | tuple[str, str]],
                 num_modality_tokens: int, placeholder_id: int, answer: str | None = None) -> PromptIds:
    messages = _messages(question, summary, history)
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    if text.count(MOTION_MARKER) != 1:
        raise ValueError("the chat template dropped or repeated the motion marker; use a backbone whose chat "
                         "template keeps the message text")
    before, after = text.split(MOTION_MARKER)
    encode = lambda s: tokenizer(s, add_special_tokens=False)["input_ids"]  # noqa: E731
    system = tokenizer.apply_chat_template(messages[:1], tokenize=False, add_generation_prompt=False)
    prefix = encode(system) if before.startswith(system) else []
    ids = prefix + encode(before[len(system):] if prefix else before) + [placeholder_id] * num_modality_tokens \
        + encode(after)
    if answer is None:
        return PromptIds(ids, None, len(prefix))
    full = tokenizer.apply_chat_template(messages + [{"role": "assistant", "content": _clean(answer)}],
                                         tokenize=False, add_generation_prompt=False)
    if not full.startswith(text):
        raise ValueError("the chat template renders the answer turn in a way that changes the prompt")
    answer_ids = encode(full[len(text):].rstrip("\n"))
    return PromptIds(ids + answer_ids, [IGNORE_INDEX] * len(ids) + answer_ids, len(prefix))
