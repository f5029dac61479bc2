import pytest

from llamo_engine.inference.prompt import IGNORE_INDEX, MOTION_MARKER, Turn, build_prompt, question_ids
from tests.tiny_llm import build_tiny_tokenizer

PLACEHOLDER = 10_000


@pytest.fixture(scope="module")
def tok():
    return build_tiny_tokenizer()


def test_placeholders_expanded_to_the_exact_count(tok):
    prompt = build_prompt(tok, "When is impact?", "30 fps", [], 7, PLACEHOLDER)
    assert prompt.input_ids.count(PLACEHOLDER) == 7 and prompt.labels is None
    first = prompt.input_ids.index(PLACEHOLDER)
    assert prompt.input_ids[first:first + 7] == [PLACEHOLDER] * 7
    text = tok.decode([i for i in prompt.input_ids if i != PLACEHOLDER])
    assert "Question: When is impact?" in text and "Measurements of this clip:\n30 fps" in text
    assert text.endswith("<|im_start|>assistant\n")


def test_the_system_block_is_a_per_clip_prefix(tok):
    a = build_prompt(tok, "When is impact?", "30 fps", [], 7, PLACEHOLDER)
    b = build_prompt(tok, "Why?", "30 fps", [("q", "a")], 3, PLACEHOLDER)
    assert a.prefix_len == b.prefix_len > 0 and a.input_ids[:a.prefix_len] == b.input_ids[:b.prefix_len]
    system = tok.decode(a.input_ids[:a.prefix_len])
    assert system.startswith("<|im_start|>system") and system.endswith("30 fps<|im_end|>\n")
    other_clip = build_prompt(tok, "Why?", "25 fps", [], 3, PLACEHOLDER)
    assert other_clip.input_ids[:a.prefix_len] != a.input_ids[:a.prefix_len]


def test_history_is_text_only_and_marker_is_stripped(tok):
    history = [Turn("Where is the top?", "At frame 20."), ("And impact?", f"Frame {MOTION_MARKER}31.")]
    prompt = build_prompt(tok, f"Why {MOTION_MARKER}?", "s", history, 3, PLACEHOLDER)
    assert prompt.input_ids.count(PLACEHOLDER) == 3
    text = tok.decode([i for i in prompt.input_ids if i != PLACEHOLDER])
    assert "Where is the top?" in text and "At frame 20." in text and "Frame 31." in text
    assert text.index("At frame 20.") < text.index("Question: Why ?")


def test_labels_cover_only_the_answer_and_its_end_token(tok):
    prompt = build_prompt(tok, "When?", "s", [], 2, PLACEHOLDER, answer="Frame 9.")
    labelled = [i for i in prompt.labels if i != IGNORE_INDEX]
    assert tok.decode(labelled) == "Frame 9.<|im_end|>"
    assert len(prompt.labels) == len(prompt.input_ids)
    assert prompt.labels[:len(prompt.labels) - len(labelled)] == [IGNORE_INDEX] * (len(prompt.labels) - len(labelled))


def test_empty_question_raises(tok):
    with pytest.raises(ValueError, match="question is empty"):
        question_ids(tok, "  ")
