"""The engine API the app and the CLI call: load, prepare a clip, ask (streamed), cancel."""

from llamo_engine.inference.engine import Answer, AnswerStream, Engine
from llamo_engine.inference.prepare import PrepareCancelled, PreparedClip
from llamo_engine.inference.prompt import Turn

__all__ = ["Answer", "AnswerStream", "Engine", "PrepareCancelled", "PreparedClip", "Turn"]
