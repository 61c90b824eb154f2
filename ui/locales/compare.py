STRINGS = {
    "compare.snapshot_marker": {"en": "snapshot at epoch {epoch}", "ko": "{epoch} 에포크 스냅숏"},
    "compare.title": {"en": "Compare runs", "ko": "학습 비교"},
    "compare.intro": {
        "en": "Put two to four trained runs (or snapshots of one run) side by side: their learning curves, "
              "test metrics, confusion matrices, and the test digits one gets right and the other wrong. "
              "The notes' classic question: does training S2 for 50 epochs instead of 10 really help?",
        "ko": "학습 기록 2~4개(또는 한 학습 기록의 중간 스냅숏)를 나란히 놓고 학습 곡선, 테스트 지표, 혼동 행렬, "
              "그리고 한쪽은 맞히고 다른 쪽은 틀린 테스트 숫자를 비교합니다. 강의 노트의 질문: S2를 10 에포크 대신 "
              "50 에포크 학습하면 정말 더 좋아질까요?",
    },
    "compare.choose": {"en": "Runs to compare (the first is the baseline)",
                       "ko": "비교할 학습 기록 (첫 번째가 기준)"},
    "compare.choose_help": {
        "en": "Up to four. A snapshot such as '…@10' is a 50-epoch run as it was after epoch 10. "
              "The address bar keeps the choice: copy the link to reopen this comparison.",
        "ko": "최대 4개까지 고를 수 있습니다. '…@10' 같은 스냅숏은 50 에포크 학습 기록의 10 에포크 시점 상태입니다. "
              "선택은 주소창에 남으므로 링크를 복사하면 같은 비교를 다시 열 수 있습니다.",
    },
    "compare.no_runs": {
        "en": "No trained run is stored yet. Train one on the training page, or start one of the notes' "
              "experiments below.",
        "ko": "아직 저장된 학습 기록이 없습니다. 학습 페이지에서 모델을 학습하거나 아래의 강의 노트 실험을 시작하세요.",
    },
    "compare.pick_more": {"en": "Choose at least two runs to compare.",
                          "ko": "비교하려면 학습 기록을 두 개 이상 고르세요."},
    "compare.unknown_ids": {
        "en": "The link names runs that are not in the run store: {ids}. They were left out.",
        "ko": "링크에 있는 학습 기록 중 저장소에 없는 것이 있어 제외했습니다: {ids}",
    },
    "compare.gone": {
        "en": "These runs were deleted meanwhile (in another tab?) and left out: {ids}.",
        "ko": "그사이 삭제된 학습 기록(다른 탭에서?)을 제외했습니다: {ids}",
    },
    "compare.damaged": {
        "en": "{n} damaged run folders in the store were skipped.",
        "ko": "저장소에서 손상된 학습 기록 폴더 {n}개를 건너뛰었습니다.",
    },
    "compare.damaged.one": {
        "en": "1 damaged run folder in the store was skipped.",
        "ko": "저장소에서 손상된 학습 기록 폴더 1개를 건너뛰었습니다.",
    },
    "compare.damaged_details": {"en": "What is damaged", "ko": "손상 내용"},
    "compare.load_error": {
        "en": "Run {run} cannot be opened and was left out: {error}",
        "ko": "학습 기록 {run}을(를) 열 수 없어 제외했습니다: {error}",
    },
    "compare.epoch_short": {"en": "{n} ep", "ko": "{n} 에포크"},
    "compare.curves_header": {"en": "Learning curves", "ko": "학습 곡선"},
    "compare.curves_help": {
        "en": "One colour per run; dashed: training, solid: validation (or test, for a run without a "
              "validation split). A gap that keeps growing while validation stalls is overfitting.",
        "ko": "학습 기록마다 색이 다릅니다. 점선은 훈련 데이터, 실선은 검증 데이터(검증 데이터가 없으면 테스트 데이터) "
              "결과입니다. 검증 정확도는 멈췄는데 격차만 계속 벌어지면 과적합입니다.",
    },
    "compare.metrics_header": {"en": "Test metrics", "ko": "테스트 지표"},
    "compare.metrics_help": {
        "en": "Δ columns: each run minus the baseline ({base}). Percent differences are in points (pt).",
        "ko": "Δ 열은 각 학습 기록에서 기준({base})을 뺀 값입니다. 백분율 차이는 %p(pt) 단위입니다.",
    },
    "compare.metric_card": {"en": "Test accuracy · {name}", "ko": "테스트 정확도 · {name}"},
    "compare.delta": {"en": "Δ {name}", "ko": "Δ {name}"},
    "compare.metric.test_accuracy": {"en": "Test accuracy", "ko": "테스트 정확도"},
    "compare.metric.errors": {"en": "Test errors (of 10,000)", "ko": "테스트 오답 수 (10,000개 중)"},
    "compare.metric.test_loss": {"en": "Test loss (cross-entropy)", "ko": "테스트 손실 (교차 엔트로피)"},
    "compare.metric.train_accuracy": {"en": "Training accuracy (last epoch)",
                                      "ko": "훈련 정확도 (마지막 에포크)"},
    "compare.metric.validation_accuracy": {"en": "Validation accuracy (last epoch)",
                                           "ko": "검증 정확도 (마지막 에포크)"},
    "compare.metric.gap": {"en": "Overfitting gap (train − validation)", "ko": "과적합 격차 (훈련 − 검증)"},
    "compare.metric.epochs": {"en": "Epochs", "ko": "에포크"},
    "compare.metric.seconds": {"en": "Training time", "ko": "학습 시간"},
    "compare.metric.seconds_per_epoch": {"en": "Time per epoch", "ko": "에포크당 시간"},
    "compare.metric_column": {"en": "Metric", "ko": "지표"},
    "compare.confusion_header": {"en": "Confusion matrices", "ko": "혼동 행렬"},
    "compare.confusion_help": {
        "en": "Rows: the true digit; columns: the predicted one. The difference shows the run minus the "
              "baseline: red cells happen more often, blue ones less (off the diagonal, blue is good). "
              "Click a cell to see its test digits.",
        "ko": "행은 실제 숫자, 열은 예측한 숫자입니다. 차이 행렬은 해당 학습 기록에서 기준을 뺀 값으로, 빨간 칸은 더 "
              "자주, 파란 칸은 덜 일어난 경우입니다 (대각선 밖에서는 파란색이 좋은 변화입니다). 칸을 누르면 그 테스트 "
              "숫자들이 보입니다.",
    },
    "compare.difference_title": {"en": "{name} − {base}", "ko": "{name} − {base}"},
    "compare.per_class_header": {"en": "Accuracy per digit", "ko": "숫자별 정확도"},
    # "fixed": digits the baseline got wrong and the other run gets right; "broken": the reverse
    "compare.changes_header": {"en": "Fixed and broken digits", "ko": "새로 맞힌 숫자와 새로 틀린 숫자"},
    "compare.changes_with": {"en": "Compare the baseline with", "ko": "기준과 비교할 학습 기록"},
    "compare.changes_help": {
        "en": "Test digits on which {a} and {b} disagree about being right. Under each image: the true "
              "digit, then what {a} said → what {b} said.",
        "ko": "{a}, {b} 가운데 한쪽만 맞힌 테스트 숫자입니다. 그림 아래에는 정답, 그리고 {a}의 예측 → "
              "{b}의 예측이 적혀 있습니다.",
    },
    "compare.fixed": {"en": "Fixed: {n} digits", "ko": "새로 맞힌 숫자: {n}개"},
    "compare.fixed.one": {"en": "Fixed: 1 digit", "ko": "새로 맞힌 숫자: 1개"},
    "compare.fixed_help": {"en": "wrong before, right in {b}", "ko": "기준은 틀렸고 {b}에서는 맞힌 숫자"},
    "compare.broken": {"en": "Broken: {n} digits", "ko": "새로 틀린 숫자: {n}개"},
    "compare.broken.one": {"en": "Broken: 1 digit", "ko": "새로 틀린 숫자: 1개"},
    "compare.broken_help": {"en": "right before, wrong in {b}", "ko": "기준은 맞혔고 {b}에서는 틀린 숫자"},
    "compare.none_changed": {"en": "None.", "ko": "없습니다."},
    "compare.class_short": {"en": "class {code}", "ko": "우리 반 {code}"},
    "compare.class_header": {"en": "Our class's handwriting", "ko": "우리 반의 손글씨"},
    "compare.class_help": {
        "en": "Every run reads the same {n} drawings of class session {code}: the students {run} held out and "
              "never trained on ({students} named students, and drawings without a name).",
        "ko": "모든 학습 기록이 수업 세션 {code}의 같은 그림 {n}개를 읽습니다. {run}이(가) 학습에서 빼 둔 학생들의 "
              "그림입니다 (이름을 쓴 학생 {students}명과 이름 없는 그림).",
    },
    "compare.class_help.one": {
        "en": "Every run reads the same one drawing of class session {code}: the only one {run} held out and "
              "never trained on.",
        "ko": "모든 학습 기록이 수업 세션 {code}의 같은 그림 1개를 읽습니다. {run}이(가) 학습에서 빼 둔 유일한 그림입니다.",
    },
    "compare.class_card": {"en": "Held-out class drawings · {name}", "ko": "빼 둔 우리 반 그림 · {name}"},
    "compare.class_fixed": {"en": "Now read right: {n} drawings", "ko": "새로 맞게 읽은 그림: {n}개"},
    "compare.class_fixed.one": {"en": "Now read right: 1 drawing", "ko": "새로 맞게 읽은 그림: 1개"},
    "compare.class_broken": {"en": "Now read wrong: {n} drawings", "ko": "새로 틀리게 읽은 그림: {n}개"},
    "compare.class_broken.one": {"en": "Now read wrong: 1 drawing", "ko": "새로 틀리게 읽은 그림: 1개"},
    "compare.digit_caption": {"en": "true {label}: {a} → {b}", "ko": "정답 {label}: {a} → {b}"},
    "compare.shown_of": {"en": "Showing {shown} of {n}, the most confident first.",
                         "ko": "{n}개 중 확신이 높은 순서로 {shown}개를 보여 줍니다."},
    "compare.experiments_header": {"en": "The notes' experiments in one click",
                                   "ko": "강의 노트의 실험을 한 번에"},
    "compare.lr_title": {"en": "Learning rate 0.5 vs 1.2 vs 1.5 (S3)", "ko": "학습률 0.5 대 1.2 대 1.5 (S3)"},
    "compare.lr_text": {
        "en": "The from-scratch NumPy net trained three times, changing only the learning rate. The notes "
              "found 0.5 learns well and larger steps can fail to learn.",
        "ko": "NumPy로 직접 만든 2층 신경망을 학습률만 바꿔 세 번 학습합니다. 강의 노트에서는 0.5가 잘 학습되고, "
              "학습률이 크면 학습이 제대로 되지 않을 수 있음을 확인했습니다.",
    },
    "compare.lr_button": {"en": "Run the learning-rate experiment", "ko": "학습률 실험 시작"},
    "compare.s2_title": {"en": "10 vs 50 epochs (S2)", "ko": "10 에포크 대 50 에포크 (S2)"},
    "compare.s2_text": {
        "en": "The 784-512-256-10 network trained for 50 epochs, keeping its state after epoch 10: the notes' "
              "two training runs for the price of one.",
        "ko": "784-512-256-10 신경망을 50 에포크 학습하면서 10 에포크 시점의 상태도 저장합니다. 강의 노트의 두 번의 "
              "학습을 한 번으로 해결합니다.",
    },
    "compare.s2_button": {"en": "Run the 10 vs 50 epochs experiment", "ko": "10 대 50 에포크 실험 시작"},
    "compare.stored": {"en": "Already in the run store: opens at once.",
                       "ko": "이미 저장소에 있어 바로 열립니다."},
    "compare.time_estimate": {
        "en": "Takes about {time} on this machine (measured on earlier runs).",
        "ko": "이 컴퓨터에서 약 {time} 걸립니다 (이전 학습 기록으로 잰 값).",
    },
    "compare.s2_time_warning": {
        "en": "50 epochs take a while: several minutes on a laptop CPU. The page stays usable meanwhile.",
        "ko": "50 에포크는 시간이 걸립니다. 노트북 CPU에서는 몇 분 이상 걸리며, 그동안에도 페이지를 사용할 수 "
              "있습니다.",
    },
    "compare.experiment_busy": {"en": "An experiment is already running.",
                                "ko": "이미 실험이 진행 중입니다."},
}
