STRINGS = {
    "ensemble.title": {"en": "Ensemble: many networks, one answer", "ko": "앙상블: 여러 신경망, 하나의 답"},
    "ensemble.intro": {
        "en": "Networks trained from different random starts make different mistakes. Average their softmax "
              "outputs digit by digit and take the most probable class: the errors that only some of them make "
              "are voted down. The notes average 7 CNNs of 99.56–99.69% each and get 99.72%.",
        "ko": "서로 다른 무작위 초깃값에서 학습한 신경망은 서로 다른 실수를 합니다. 숫자마다 소프트맥스 출력을 "
              "평균하고 가장 확률이 높은 클래스를 고르면, 일부 모델만 하는 실수는 다수결로 묻힙니다. "
              "강의 노트에서는 각각 99.56–99.69%인 CNN 7개를 평균해 99.72%를 얻었습니다.",
    },
    "ensemble.no_runs": {
        "en": "No stored runs yet. Train a few `cnn_fast` or `cnn` runs below (or on the Train page), then come back.",
        "ko": "저장된 학습 기록이 아직 없습니다. 아래에서(또는 학습 페이지에서) `cnn_fast`나 `cnn`을 몇 번 학습한 뒤 "
              "다시 오세요.",
    },
    "ensemble.choose": {"en": "Members of the ensemble", "ko": "앙상블에 넣을 모델"},
    "ensemble.choose_help": {
        "en": "Any stored runs can be mixed. The first choice is runs of one kind: the stored runs of one preset "
              "(CNNs first), or the snapshots of one run.",
        "ko": "저장된 학습 기록을 자유롭게 섞을 수 있습니다. 처음에는 같은 종류끼리 고릅니다: 한 프리셋의 저장된 "
              "학습 기록(CNN 우선) 또는 한 학습 기록의 스냅숏들입니다.",
    },
    "ensemble.none_alike": {
        "en": "The store holds no two runs of one kind to average, and averaging unlike models teaches little. "
              "Train a few networks of one kind with different seeds below, then come back.",
        "ko": "평균할 같은 종류의 학습 기록이 두 개 이상 저장되어 있지 않습니다. 서로 다른 모델을 평균해서는 배울 것이 "
              "적습니다. 아래에서 같은 종류의 신경망을 시드만 바꿔 몇 개 학습한 뒤 다시 오세요.",
    },
    # {todo} and {epochs} can be 1: written as "label: number"
    "ensemble.estimate_typical": {
        "en": "Estimate: no `{preset}` run is stored yet. On a typical 2-core laptop an epoch on all training "
              "digits takes about {per_epoch:.0f} s, so the new runs take about {total} "
              "(runs: {todo}, epochs each: {epochs}).",
        "ko": "예상: 저장된 `{preset}` 학습 기록이 아직 없습니다. 보통의 2코어 노트북에서 전체 훈련 데이터로 에포크 "
              "하나에 약 {per_epoch:.0f}초가 걸리므로, 새 학습 기록 {todo}개를 {epochs} 에포크씩 학습하면 약 {total} "
              "걸립니다.",
    },
    "ensemble.pick_more": {
        "en": "Choose at least two runs to build an ensemble.",
        "ko": "앙상블을 만들려면 학습 기록을 두 개 이상 고르세요.",
    },
    "ensemble.results": {"en": "Test accuracy", "ko": "테스트 정확도"},
    "ensemble.metric_ensemble": {"en": "Ensemble of {n}", "ko": "{n}개 앙상블"},
    "ensemble.metric_best": {"en": "Best member", "ko": "가장 좋은 모델"},
    "ensemble.metric_mean": {"en": "Members' average accuracy", "ko": "모델들의 평균 정확도"},
    "ensemble.metric_errors": {"en": "Test errors (ensemble / best)", "ko": "틀린 개수 (앙상블 / 가장 좋은 모델)"},
    # {fixed} and {broken} can be 1: written as "label: number"
    "ensemble.beats": {
        "en": "The ensemble beats its best member by {gain:+.2f} points (digits fixed: {fixed}, newly wrong: {broken}).",
        "ko": "앙상블이 가장 좋은 모델보다 {gain:+.2f}%p 높습니다. 바로잡은 숫자 {fixed}개, 새로 틀린 숫자 {broken}개.",
    },
    "ensemble.no_gain": {
        "en": "This time the ensemble does not beat its best member ({gain:+.2f} points; digits fixed: {fixed}, "
              "newly wrong: {broken}). Members that are too alike, or one much stronger than the rest, leave "
              "little to vote away.",
        "ko": "이번에는 앙상블이 가장 좋은 모델을 넘지 못했습니다({gain:+.2f}%p, 바로잡은 숫자 {fixed}개, "
              "새로 틀린 숫자 {broken}개). 모델들이 너무 비슷하거나 하나만 훨씬 강하면 다수결로 고칠 것이 별로 없습니다.",
    },
    "ensemble.col_model": {"en": "Model", "ko": "모델"},
    "ensemble.member": {"en": "{preset}, seed {seed}", "ko": "{preset}, 시드 {seed}"},
    "ensemble.col_epochs": {"en": "Epochs", "ko": "에포크"},
    "ensemble.col_accuracy": {"en": "Test accuracy", "ko": "테스트 정확도"},
    "ensemble.col_errors": {"en": "Errors", "ko": "오답 수"},
    "ensemble.ensemble_row": {"en": "ensemble (average)", "ko": "앙상블 (평균)"},
    "ensemble.chart_axis": {"en": "Test accuracy (%)", "ko": "테스트 정확도 (%)"},
    "ensemble.fixed_header": {
        "en": "Digits the ensemble gets right and its best member gets wrong",
        "ko": "앙상블은 맞히고 가장 좋은 모델은 틀린 숫자",
    },
    "ensemble.col_preset": {"en": "Preset", "ko": "프리셋"},
    "ensemble.col_seed": {"en": "Seed", "ko": "시드"},
    "ensemble.fixed_help": {
        "en": "{n} test digits. Caption: true label, what the best member ({best}) said, and the ensemble's vote "
              "share for the true label.",
        "ko": "테스트 숫자 {n}개. 설명: 정답, 가장 좋은 모델({best})의 답, 정답에 대한 앙상블의 평균 확률.",
    },
    "ensemble.fixed_help.one": {
        "en": "1 test digit. Caption: true label, what the best member ({best}) said, and the ensemble's vote "
              "share for the true label.",
        "ko": "테스트 숫자 1개. 설명: 정답, 가장 좋은 모델({best})의 답, 정답에 대한 앙상블의 평균 확률.",
    },
    "ensemble.fixed_caption": {"en": "{label} (best: {wrong}) {share:.0%}", "ko": "{label} (최고: {wrong}) {share:.0%}"},
    "ensemble.none_fixed": {
        "en": "None: the ensemble fixes no digit of its best member.",
        "ko": "없습니다. 앙상블이 가장 좋은 모델의 오답을 하나도 고치지 못했습니다.",
    },
    "ensemble.broken_header": {
        "en": "And the other way round: digits the ensemble gets wrong, its best member right ({n})",
        "ko": "반대로 앙상블은 틀리고 가장 좋은 모델은 맞힌 숫자 ({n}개)",
    },
    "ensemble.broken_caption": {"en": "{label} (ensemble: {wrong})", "ko": "{label} (앙상블: {wrong})"},
    # training
    "ensemble.train_header": {"en": "Train an ensemble", "ko": "앙상블 학습하기"},
    "ensemble.train_help": {
        "en": "Trains N networks of one preset with different seeds, one after another; each is stored as its own "
              "run, and runs that already exist are reused. `cnn_fast` is the notes' CNN idea tuned for a laptop "
              "(about a minute each on 2 cores); `cnn` is the notes' own recipe (minutes per epoch without a GPU).",
        "ko": "한 프리셋의 신경망 N개를 시드만 바꿔 차례로 학습합니다. 각각 별도의 학습 기록으로 저장되고, 이미 있는 "
              "학습 기록은 다시 쓰입니다. `cnn_fast`는 강의 노트 CNN의 아이디어를 노트북에 맞게 조정한 것(2코어에서 "
              "하나에 약 1분), `cnn`은 강의 노트의 방식 그대로입니다(GPU 없이 에포크 하나에 몇 분).",
    },
    "ensemble.preset": {"en": "Networks", "ko": "신경망"},
    "ensemble.preset_cnn_fast": {"en": "cnn_fast (tuned for a laptop)", "ko": "cnn_fast (노트북용으로 조정)"},
    "ensemble.preset_cnn": {"en": "cnn (the notes' recipe)", "ko": "cnn (강의 노트의 방식 그대로)"},
    "ensemble.n_models": {"en": "Networks (N)", "ko": "신경망 수 (N)"},
    "ensemble.epochs": {"en": "Epochs each", "ko": "신경망당 에포크"},
    "ensemble.first_seed": {"en": "First seed", "ko": "첫 시드"},
    "ensemble.estimate_runs": {
        "en": "Estimate: an epoch on all training digits takes about {per_epoch:.0f} s on this machine "
              "(measured by the stored `{preset}` runs), so the new runs take about {total} "
              "(runs: {todo}, epochs each: {epochs}).",
        "ko": "예상: 이 컴퓨터에서 전체 훈련 데이터로 에포크 하나에 약 {per_epoch:.0f}초가 걸리므로"
              "(저장된 `{preset}` 학습 기록으로 잰 값), 새 학습 기록 {todo}개를 {epochs} 에포크씩 학습하면 약 {total} "
              "걸립니다.",
    },
    "ensemble.all_stored": {
        "en": "All {n} runs are stored already: nothing to train.",
        "ko": "학습 기록 {n}개가 모두 이미 저장되어 있어 새로 학습할 것이 없습니다.",
    },
    "ensemble.all_stored.one": {
        "en": "This run is stored already: nothing to train.",
        "ko": "이 학습 기록은 이미 저장되어 있어 새로 학습할 것이 없습니다.",
    },
    # {cpus} can be 1; {epochs} (the suggestion) is at least 3
    "ensemble.small_cpu": {
        "en": "This machine has no GPU (CPU cores: {cpus}). The notes' full setting, 7 networks × 40 epochs, "
              "would take about {full}. Try {epochs} epochs and 3 networks here, and run the full setting on a "
              "GPU with the command below.",
        "ko": "이 컴퓨터는 CPU 코어 {cpus}개에 GPU가 없어 강의 노트의 전체 설정(신경망 7개 × 40 에포크)은 약 {full} "
              "걸립니다. 여기서는 {epochs} 에포크, 신경망 3개로 해 보고, 전체 설정은 아래 명령으로 GPU에서 실행하세요.",
    },
    "ensemble.cli": {"en": "The same from a terminal:", "ko": "터미널에서 같은 작업:"},
    "ensemble.start": {"en": "Train the ensemble", "ko": "앙상블 학습 시작"},
    "ensemble.busy": {
        "en": "Another training run is in progress in this app; a new one will wait for it.",
        "ko": "지금 이 앱에서 다른 학습이 진행 중입니다. 새 학습은 그 학습이 끝날 때까지 기다립니다.",
    },
    "ensemble.digits": {"en": "Training digits", "ko": "훈련 이미지 수"},
    "ensemble.digits_help": {
        "en": "All 60,000 for real results (`cnn` holds 10% of them out for validation). Fewer for a quick try: "
              "faster, but less accurate.",
        "ko": "제대로 된 결과를 보려면 60,000개 전부(`cnn`은 그중 10%를 검증용으로 둡니다). 빨리 해 보려면 더 적게 "
              "고르세요. 빠르지만 정확도는 떨어집니다.",
    },
    "ensemble.trained": {"en": "Done: {n} runs are ready.", "ko": "완료: 학습 기록 {n}개가 준비되었습니다."},
    "ensemble.trained.one": {"en": "Done: the run is ready.", "ko": "완료: 학습 기록 1개가 준비되었습니다."},
}
