"""The LLaMo network: motion and video encoders, Feature Enhancer, Cross Talker, projector and the LLM backbone."""

from llamo_engine.model.config import LlamoConfig
from llamo_engine.model.llamo import LlamoModel, LlamoOutput

__all__ = ["LlamoConfig", "LlamoModel", "LlamoOutput"]
