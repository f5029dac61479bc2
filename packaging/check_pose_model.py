"""Check the built pose_landmarker_full.task against MediaPipe's legacy `mp.solutions.pose` on the same image.

Run in the same throwaway mediapipe==0.10.21 venv as build_pose_model.py (the legacy API is gone in 1.x):

    /tmp/mp0/bin/python packaging/check_pose_model.py IMAGE_OR_VIDEO [--frame N]

Prints the mean and max distance between the two sets of 33 normalised image landmarks (in pixels too).
"""

import argparse
import pathlib
import sys

import cv2
import mediapipe as mp
import numpy as np
from mediapipe.tasks import python as mp_tasks
from mediapipe.tasks.python import vision

MODEL = pathlib.Path(__file__).resolve().parents[1] / "assets" / "models" / "pose_landmarker_full.task"


def load_rgb(path: str, frame: int) -> np.ndarray:
    cap = cv2.VideoCapture(path)
    cap.set(cv2.CAP_PROP_POS_FRAMES, frame)
    ok, bgr = cap.read()
    if not ok:
        bgr = cv2.imread(path)
    if bgr is None:
        sys.exit(f"cannot read {path}")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("image")
    parser.add_argument("--frame", type=int, default=0)
    args = parser.parse_args()
    rgb = load_rgb(args.image, args.frame)
    h, w = rgb.shape[:2]
    with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1) as legacy:
        old = legacy.process(rgb).pose_landmarks
    options = vision.PoseLandmarkerOptions(base_options=mp_tasks.BaseOptions(model_asset_path=str(MODEL)),
                                           running_mode=vision.RunningMode.IMAGE)
    with vision.PoseLandmarker.create_from_options(options) as landmarker:
        new = landmarker.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)).pose_landmarks
    if old is None or not new:
        print(f"legacy found a person: {old is not None}; task found a person: {bool(new)}")
        return 1
    a = np.array([[p.x, p.y] for p in old.landmark])
    b = np.array([[p.x, p.y] for p in new[0]])
    d = np.linalg.norm((a - b) * [w, h], axis=1)
    print(f"image {w}x{h}: mean landmark distance {d.mean():.2f} px, max {d.max():.2f} px "
          f"(normalised mean {np.linalg.norm(a - b, axis=1).mean():.4f})")
    return 0 if d.mean() < 0.01 * max(w, h) else 1


if __name__ == "__main__":
    sys.exit(main())
