STRINGS = {
    "runs.code": {"en": "The code behind this run: the same training, written the notes' way",
                  "ko": "이 학습 기록의 코드: 같은 학습을 강의 노트의 방식으로 쓴 것"},
    "runs.cell_digits": {"en": "**{n}** test digits labelled **{true}** were read as **{predicted}**. "
                                 "Click another cell, or the same one again to close.",
                         "ko": "정답은 **{true}**, 예측은 **{predicted}**인 테스트 숫자: **{n}**개. "
                               "다른 칸을 누르거나 같은 칸을 다시 누르면 닫힙니다."},
    "runs.cell_digits.one": {"en": "**1** test digit labelled **{true}** was read as **{predicted}**. "
                                     "Click another cell, or the same one again to close.",
                             "ko": "정답은 **{true}**, 예측은 **{predicted}**인 테스트 숫자: **1**개. "
                                   "다른 칸을 누르거나 같은 칸을 다시 누르면 닫힙니다."},
    "runs.cell_shown": {"en": "The first {shown}", "ko": "처음 {shown}개"},
    "runs.name": {"en": "{name} · epoch {epoch} · {id}", "ko": "{name} · {epoch} 에포크 · {id}"},
    "runs.not_found": {
        "en": "Run {run} is no longer in the run store (deleted in another tab?).",
        "ko": "학습 기록 {run}: 저장소에 더 이상 없습니다 (다른 탭에서 삭제했나요?).",
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

    # results of one run (train and runs pages)
    "runs.metric_accuracy": {"en": "Test accuracy", "ko": "테스트 정확도"},
    "runs.metric_errors": {"en": "Wrong answers (of {n:,})", "ko": "테스트 숫자 {n:,}개 중 틀린 수"},
    "runs.metric_epochs": {"en": "Epochs", "ko": "에포크"},
    "runs.metric_time": {"en": "Training time", "ko": "학습 시간"},
    "runs.best_epoch": {
        "en": "Early stopping kept epoch {best}, the best of epochs 1–{run}.",
        "ko": "조기 종료: 1–{run} 에포크 가운데 가장 좋았던 {best} 에포크의 상태를 남겼습니다.",
    },
    "runs.stopped_note": {
        "en": "This run was stopped at epoch {epoch} of {epochs}.",
        "ko": "이 학습 기록은 {epochs} 에포크 중 {epoch} 에포크에서 중단되었습니다.",
    },
    "runs.chart_confusion": {"en": "Confusion matrix (test set)", "ko": "혼동 행렬 (테스트 데이터)"},
    "runs.correct_grid": {"en": "Predicted correctly", "ko": "맞게 예측한 숫자"},
    "runs.incorrect_grid": {"en": "Predicted incorrectly", "ko": "틀리게 예측한 숫자"},
    "runs.mistakes": {"en": "Most confident mistakes", "ko": "가장 확신하며 틀린 숫자"},
    "runs.mistakes_help": {
        "en": "Wrong answers the network was surest about: often digits a person would misread too.",
        "ko": "신경망이 가장 확신하면서 틀린 답입니다. 사람이 봐도 헷갈리는 숫자가 많습니다.",
    },
    "runs.no_mistakes": {"en": "No test digit is wrong.", "ko": "틀린 테스트 숫자가 없습니다."},
    "runs.true_predicted": {"en": "true {true} / predicted {predicted}", "ko": "정답 {true} / 예측 {predicted}"},
    "runs.confidence": {"en": "{percent} sure", "ko": "확신도 {percent}"},
    # the runs page
    "runs.title": {"en": "Stored runs", "ko": "저장된 학습 기록"},
    "runs.intro": {
        "en": "Every training run and snapshot kept in the run store. Click a column header to sort; "
              "pick a run below to open, label or delete it.",
        "ko": "저장소에 남은 모든 학습 기록과 스냅숏입니다. 열 제목을 누르면 정렬됩니다. "
              "아래에서 학습 기록을 골라 열어 보거나, 이름표를 붙이거나, 삭제하세요.",
    },
    "runs.empty": {
        "en": "No run is stored yet. Train one on the Train page.",
        "ko": "아직 저장된 학습 기록이 없습니다. 학습 페이지에서 학습해 보세요.",
    },
    "runs.go_train": {"en": "Go to the Train page", "ko": "학습 페이지로 이동"},
    "runs.damaged": {
        "en": "The run folder {run} is damaged and was skipped: {error}",
        "ko": "손상된 학습 기록 폴더를 건너뛰었습니다: {run} ({error})",
    },
    "runs.cannot_open": {
        "en": "Run {run} cannot be opened: {error}",
        "ko": "학습 기록 {run}을(를) 열 수 없습니다: {error}",
    },
    "runs.col_run": {"en": "Run", "ko": "기록"},
    "runs.col_label": {"en": "Label", "ko": "이름표"},
    "runs.col_preset": {"en": "Network", "ko": "신경망"},
    "runs.col_epoch": {"en": "Epochs", "ko": "에포크"},
    "runs.col_batch": {"en": "Batch", "ko": "배치"},
    "runs.col_lr": {"en": "Learning rate", "ko": "학습률"},
    "runs.col_optimizer": {"en": "Optimizer", "ko": "옵티마이저"},
    "runs.col_validation": {"en": "Validation", "ko": "검증 비율"},
    "runs.col_train_size": {"en": "Training digits", "ko": "훈련 이미지 수"},
    "runs.col_accuracy": {"en": "Test accuracy", "ko": "테스트 정확도"},
    "runs.col_seconds": {"en": "Time (s)", "ko": "시간 (초)"},
    "runs.col_created": {"en": "Trained", "ko": "학습 일시"},
    "runs.col_status": {"en": "Status", "ko": "상태"},
    "runs.status_complete": {"en": "complete", "ko": "완료"},
    "runs.choose": {"en": "Run", "ko": "학습 기록"},
    "runs.label": {"en": "Label", "ko": "이름표"},
    "runs.label_help": {
        "en": "A name of your own, shown in the tables and pickers.",
        "ko": "표와 선택 목록에 보일 이름입니다.",
    },
    "runs.save_label": {"en": "Save label", "ko": "이름표 저장"},
    "runs.label_saved": {"en": "Label saved for run {run}.", "ko": "학습 기록 {run}의 이름표를 저장했습니다."},
    "runs.delete": {"en": "Delete…", "ko": "삭제…"},
    "runs.confirm_delete": {
        "en": "Delete run {run}? Its files (and the snapshots of a full run) are removed for good.",
        "ko": "학습 기록 {run}을(를) 삭제할까요? 파일(전체 학습 기록이면 스냅숏까지)이 완전히 지워집니다.",
    },
    "runs.confirm_yes": {"en": "Yes, delete", "ko": "삭제 확인"},
    "runs.confirm_no": {"en": "Cancel", "ko": "취소"},
    "runs.deleted": {"en": "Run {run} was deleted.", "ko": "학습 기록 {run}을(를) 삭제했습니다."},
    "runs.read_only": {"en": "You can open every run. Only the teacher can label or delete one.",
                       "ko": "모든 학습 기록을 열어 볼 수 있습니다. 이름 붙이기와 삭제는 교사만 할 수 있습니다."},
}
