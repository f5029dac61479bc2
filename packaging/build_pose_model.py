"""Build `assets/models/pose_landmarker_full.task` for the MediaPipe Tasks PoseLandmarker.

The mediapipe 1.x wheels ship no pose model and model hubs are unreachable, so the task bundle is assembled
from the two Apache-2.0 TFLite models inside the `mediapipe==0.10.21` wheel (pose_detection.tflite and
pose_landmark_full.tflite). The Tasks API refuses raw TFLite files ("requires specifying NormalizationOptions
metadata"), so each model first gets metadata: general info, an image input with its normalisation, and one
feature output per output tensor. The two models are then zipped into a model asset bundle.

Run it in a throwaway venv (0.10.21 pins old numpy/protobuf):

    python3 -m venv /tmp/mp0 && /tmp/mp0/bin/pip install --no-deps mediapipe==0.10.21 \
        && /tmp/mp0/bin/pip install "numpy<2" "protobuf<5" flatbuffers absl-py attrs
    /tmp/mp0/bin/python packaging/build_pose_model.py [--out assets/models/pose_landmarker_full.task]
"""

import argparse
import os
import pathlib
import sys

import mediapipe
from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer, model_asset_bundle_utils

DEFAULT_OUT = pathlib.Path(__file__).resolve().parents[1] / "assets" / "models" / "pose_landmarker_full.task"

# (file inside the wheel, bundle entry name, description, normalisation mean, std, number of outputs)
MODELS = [
    ("modules/pose_detection/pose_detection.tflite", "pose_detector.tflite",
     "BlazePose person detector (MediaPipe, Apache-2.0)", 127.5, 127.5, 2),
    ("modules/pose_landmark/pose_landmark_full.tflite", "pose_landmarks_detector.tflite",
     "BlazePose GHUM 3D landmark model, full (MediaPipe, Apache-2.0)", 0.0, 255.0, 5),
]


def with_metadata(tflite: bytes, name: str, description: str, mean: float, std: float, outputs: int) -> bytes:
    writer = metadata_writer.MetadataWriter.create(bytearray(tflite))
    writer.add_general_info(name, description)
    writer.add_image_input(norm_mean=[mean], norm_std=[std])
    for i in range(outputs):
        writer.add_feature_output(name=f"output_{i}")
    model, _ = writer.populate()
    return bytes(model)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if mediapipe.__version__ != "0.10.21":
        print(f"needs mediapipe==0.10.21 (found {mediapipe.__version__}); see this file's docstring", file=sys.stderr)
        return 2
    root = pathlib.Path(mediapipe.__file__).parent
    files = {}
    for rel, entry, description, mean, std, outputs in MODELS:
        files[entry] = with_metadata((root / rel).read_bytes(), entry, description, mean, std, outputs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    model_asset_bundle_utils.create_model_asset_bundle(files, str(tmp))
    os.replace(tmp, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
