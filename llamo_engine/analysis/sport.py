"""Telling golf from baseball hitting from a throw, where the swing finders alone cannot (see analyze._detect).

- A pitch or a throw starts with both hands together in the glove, like a bat swing, but at release, the hand
  speed peak, the hands are a metre apart: a bat swing keeps them on the grip through the peak
  (`hands_on_grip_at_peak`).
- A batting swing also draws a hand arc over the lead shoulder, so both finders can see it
  (`looks_like_golf`). The equipment decides where it is measured: a golf club's head reaches the ball on the
  ground, a bat's barrel stays above the knees. Without a measured club, a golf swing shows its address (hands
  low before the backswing), a baseball swing its stance (hands held up until the swing).
"""

from __future__ import annotations

import numpy as np

from llamo_engine.analysis.kinematics import Body
from llamo_engine.motion.skeleton import MotionSequence

GRIP_AT_PEAK_M = 0.28        # median wrist distance around the speed peak of a two-handed swing
PEAK_WINDOW_S = (0.1, 0.05)  # ... from this long before the peak to this long after it
CLUB_HEAD_GROUND_M = 0.25    # a measured club head lower than this during the swing: a golf club at the ball
LOW_HANDS_M = 0.08           # hands no higher than this above the pelvis: golf's address (as GOLF_LOW_HANDS_M)
STANCE_BEFORE_CONTACT_S = 0.2  # baseball stance: hands up from the window's start to this long before contact


def hands_on_grip_at_peak(body: Body, peak: int, gap_image: np.ndarray | None = None,
                          gap_image_max: float = 0.0) -> bool:
    """Both hands on one grip around frame `peak`: by the 3-D wrist distance, or for a video by the wrists'
    distance in the image (gap_image (T,), in torso lengths, below gap_image_max)."""
    before, after = (int(round(s * body.fps)) for s in PEAK_WINDOW_S)
    lo, hi = max(0, peak - before), peak + after + 1
    d = np.linalg.norm(body.wrists[0][lo:hi] - body.wrists[1][lo:hi], axis=1)
    if np.median(d) < GRIP_AT_PEAK_M:
        return True
    return gap_image is not None and bool(np.median(gap_image[lo:hi]) < gap_image_max)


def looks_like_golf(motion: MotionSequence, golf_cands: list[dict], golf_body: Body, baseball_cands: list[dict],
                    baseball_body: Body) -> bool:
    """Golf (True) or baseball (False) for a clip where both the golf and the baseball finder saw swings."""
    if motion.club is not None and not motion.club_estimated and np.isfinite(motion.club).all():
        head_y = motion.club[:, 1, 1]                                   # (T,) club head / bat end height
        lowest = [float(head_y[c["top"]:c["follow"] + 1].min()) for c in golf_cands]
        return bool(np.median(lowest) < CLUB_HEAD_GROUND_M)
    g_height = golf_body.hands[:, 1] - golf_body.pelvis[:, 1]
    if any(c["top"] > c["lo"] and g_height[c["lo"]:c["top"]].min() < LOW_HANDS_M for c in golf_cands):
        return True
    b_height = baseball_body.hands[:, 1] - baseball_body.pelvis[:, 1]
    early = int(round(STANCE_BEFORE_CONTACT_S * motion.fps))
    stance = [c for c in baseball_cands if c["contact"] - early > c["lo"]
              and b_height[c["lo"]:c["contact"] - early].min() >= LOW_HANDS_M]
    return not stance
