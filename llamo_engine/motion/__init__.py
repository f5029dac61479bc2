"""Video decoding, the MediaPipe motion estimator, and the motion representations (MotionSequence, HumanML3D)."""

from llamo_engine.motion.skeleton import JOINT_NAMES, PARENTS, MotionSequence, joint_index

__all__ = ["JOINT_NAMES", "PARENTS", "MotionSequence", "joint_index"]
