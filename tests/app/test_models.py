"""Session and chat models: events fire on change only, and clearing a clip clears what depends on it."""

import pytest

from app.chat import BASEBALL_QUESTIONS, ChatModel
from app.session import Session
from app.store import ChatRecord, ClipRecord


def test_session_new_clip_clears_motion_and_analysis(tiny_motion):
    s = Session()
    seen = []
    s.events.motion.connect(seen.append)
    s.set_clip(ClipRecord(1, "/a.npz", "a"))
    s.set_motion(tiny_motion)
    s.set_motion(tiny_motion)              # no second event for the same object
    assert seen == [tiny_motion]
    s.set_clip(ClipRecord(1, "/a.npz", "a renamed"))   # same clip: details change, motion stays
    assert s.motion is tiny_motion
    s.set_clip(ClipRecord(2, "/b.npz", "b"))
    assert s.motion is None and seen[-1] is None and s.analysis_state == ("none", "")


def test_session_rejects_unknown_state():
    with pytest.raises(ValueError, match="unknown analysis state"):
        Session().set_analysis_state("weird")


def test_chat_history_highlight_and_streaming():
    chat = ChatModel()
    highlights = []
    chat.events.highlight.connect(lambda f, s: highlights.append(f))
    assert not chat.can_ask                              # loading
    chat.set_model_state("ready", "")
    assert chat.can_ask
    chat.set_streaming(True)
    assert not chat.can_ask
    chat.append_partial("Impact ")
    chat.append_partial("is at frame 9.")
    assert chat.partial == "Impact is at frame 9."
    chat.set_streaming(False)
    chat.add(ChatRecord("assistant", chat.partial, [8, 9], [0.2, 0.8]))
    assert chat.highlight == ([8, 9], [0.2, 0.8]) and highlights == [[8, 9]]
    chat.set_history([])
    assert chat.highlight == ([], []) and chat.history == []
    chat.set_sport("baseball")
    assert chat.suggestions == BASEBALL_QUESTIONS
    with pytest.raises(ValueError, match="unknown model state"):
        chat.set_model_state("sleepy")
