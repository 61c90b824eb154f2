"""The teacher and the students: the teacher's key, and the teacher's rules
for what students may train.

    key_matches(typed, key)             # constant-time comparison
    rules = load_rules(home)            # Rules(); the defaults when none are saved
    refusal = training_refusal(rules, configs, jobs_of_session, queued)
    # None, or (catalogue key, fields) saying why a student may not train this

The rules live in the app folder (rules.json), so every replica reads the same.
"""
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.models import PRESETS

KEY_VARIABLE = "MNIST_STUDIO_TEACHER_KEY"
RULES_FILE = "rules.json"

# Presets a 2-core laptop trains in seconds an epoch: the defaults students may use.
QUICK_PRESETS = ("numpy2layer", "dense512", "mlp512x256")


def new_key():
    """A key for a teacher to type: 12 characters, no look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def key_matches(typed, key):
    return bool(key) and hmac.compare_digest(str(typed or "").strip().encode(), str(key).encode())


def key_from_environment():
    return os.environ.get(KEY_VARIABLE, "").strip() or None


@dataclass
class Rules:
    """What students may train (the teacher is never limited).

    students_train: whether they may start trainings at all; presets: which;
    max_epochs: per run; jobs_per_student: running or waiting at once, per
    browser session; queued_limit: students' jobs waiting in all (every replica)."""
    students_train: bool = True
    presets: list = field(default_factory=lambda: list(QUICK_PRESETS))
    max_epochs: int = 5
    max_runs: int = 3  # runs in one job (the learning-rate experiment has three)
    jobs_per_student: int = 1
    queued_limit: int = 3

    def normalized(self):
        """Within the bounds the Teacher page offers; unknown presets dropped."""
        def bounded(value, low, high, default):
            try:
                return min(max(int(value), low), high)
            except (TypeError, ValueError):
                return default

        defaults = Rules()
        return Rules(
            students_train=bool(self.students_train),
            presets=[p for p in PRESETS if p in (self.presets or [])],
            max_epochs=bounded(self.max_epochs, 1, 50, defaults.max_epochs),
            max_runs=bounded(self.max_runs, 1, 15, defaults.max_runs),
            jobs_per_student=bounded(self.jobs_per_student, 1, 3, defaults.jobs_per_student),
            queued_limit=bounded(self.queued_limit, 0, 50, defaults.queued_limit),
        )


def load_rules(home):
    """The saved rules, or the defaults where none are saved or the file is damaged."""
    try:
        saved = json.loads((Path(home) / RULES_FILE).read_text())
        known = {k: v for k, v in saved.items() if k in Rules.__dataclass_fields__}
        return Rules(**known).normalized()
    except (OSError, ValueError, TypeError, AttributeError):
        return Rules()


def save_rules(home, rules):
    path = Path(home) / RULES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(asdict(rules.normalized()), indent=2))
    os.replace(temporary, path)


def training_refusal(rules, configs, jobs_of_session, queued):
    """Why a student may not start this training, as (catalogue key, fields), or None.

    jobs_of_session: the student's own jobs running or waiting; queued: students'
    jobs waiting in all."""
    if not rules.students_train:
        return "roles.no_training", {}
    if jobs_of_session >= rules.jobs_per_student:
        return "roles.own_job_first", {"n": rules.jobs_per_student}
    if queued >= rules.queued_limit:
        return "roles.queue_full", {"n": rules.queued_limit}
    if len(configs) > rules.max_runs:
        return "roles.too_many_runs", {"n": rules.max_runs}
    for config in (c.normalized() for c in configs):
        if config.class_session is not None:  # the class's drawings are the teacher's to train on
            return "roles.teacher_only", {}
        if config.preset not in rules.presets:
            return "roles.preset_not_allowed", {"preset": config.preset}
        if config.epochs > rules.max_epochs:
            return "roles.too_many_epochs", {"n": rules.max_epochs}
    return None
