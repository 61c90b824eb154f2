STRINGS = {
    "runs.name": {"en": "{name} · epoch {epoch} · {id}", "ko": "{name} · {epoch}에포크 · {id}"},
    "runs.not_found": {
        "en": "Run {run} is no longer in the run store (deleted in another tab?).",
        "ko": "학습 기록 {run}이(가) 더 이상 저장소에 없습니다 (다른 탭에서 삭제했나요?).",
    },
    "runs.status_stopped": {"en": "stopped", "ko": "중단됨"},
    "runs.duration_s": {"en": "{s:.1f} s", "ko": "{s:.1f}초"},
    "runs.duration_m": {"en": "{m:.1f} min", "ko": "{m:.1f}분"},
    "runs.duration_h": {"en": "{h:.1f} h", "ko": "{h:.1f}시간"},
    "runs.chart_loss": {"en": "Loss per epoch", "ko": "에포크별 손실"},
    "runs.chart_accuracy": {"en": "Accuracy per epoch", "ko": "에포크별 정확도"},
    "runs.chart_gap": {
        "en": "Overfitting gap (training minus validation accuracy)",
        "ko": "과적합 격차 (훈련 정확도 − 검증 정확도)",
    },
    "runs.chart_per_class": {"en": "Accuracy per digit", "ko": "숫자별 정확도"},
    "runs.axis_epoch": {"en": "Epoch", "ko": "에포크"},
    "runs.axis_predicted": {"en": "Predicted digit", "ko": "예측한 숫자"},
    "runs.axis_true": {"en": "True digit", "ko": "실제 숫자"},
}
