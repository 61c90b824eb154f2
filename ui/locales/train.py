STRINGS = {
    "train.title": {"en": "Train a network", "ko": "신경망 학습하기"},
    "train.intro": {
        "en": "Pick one of the course's networks, set epochs, batch size and learning rate, and watch it "
              "learn. Every training run is kept in the run store: asking for the same settings again shows "
              "the stored result at once.",
        "ko": "강의 노트의 신경망 하나를 고르고 에포크, 배치 크기, 학습률을 정한 뒤 학습 과정을 지켜보세요. "
              "모든 학습은 학습 기록으로 저장소에 남습니다. 같은 설정을 다시 요청하면 저장된 결과가 바로 나타납니다.",
    },
    "train.preset": {"en": "Network", "ko": "신경망"},
    "train.preset_dense512": {"en": "S1 · dense512", "ko": "S1 · dense512"},
    "train.preset_mlp512x256": {"en": "S2 · mlp512x256", "ko": "S2 · mlp512x256"},
    "train.preset_numpy2layer": {"en": "S3 · numpy2layer", "ko": "S3 · numpy2layer"},
    "train.preset_cnn": {"en": "S4 · cnn", "ko": "S4 · cnn"},
    "train.preset_cnn_fast": {"en": "S4 · cnn_fast (tuned for a laptop)", "ko": "S4 · cnn_fast (노트북용으로 조정)"},
    "train.preset_custom": {"en": "Custom MLP", "ko": "직접 만드는 MLP"},
    "train.note_dense512": {
        "en": "Dense 512 relu → Dense 10 softmax, rmsprop, batch 128: Keras' “Hello World” note (S1).",
        "ko": "Dense 512 relu → Dense 10 softmax, rmsprop, 배치 128: 케라스 “Hello World” 강의 노트 (S1).",
    },
    "train.note_mlp512x256": {
        "en": "784-512-256-10 MLP, adam, batch 128: the “10 epochs vs 50 epochs” note (S2).",
        "ko": "784-512-256-10 MLP, adam, 배치 128: “10 에포크 대 50 에포크” 강의 노트 (S2).",
    },
    "train.note_numpy2layer": {
        "en": "Two-layer net written from scratch in NumPy, 50 hidden neurons, plain SGD at 0.5: the from-scratch note (S3).",
        "ko": "NumPy로 처음부터 만든 2층 신경망, 은닉층 뉴런 50개, 학습률 0.5의 SGD: 밑바닥부터 구현한 강의 노트 (S3).",
    },
    "train.note_cnn": {
        "en": "Conv/BatchNorm/Dropout CNN, augmentation, learning rate 1e-3·0.95^epoch: the 99.72% CNN note (S4).",
        "ko": "Conv/BatchNorm/Dropout CNN, 데이터 증강, 학습률 1e-3·0.95^에포크: 99.72% CNN 강의 노트 (S4).",
    },
    # Short enough for a projector (bench/cnn_fast.py measured the seeds).
    "train.note_cnn_fast": {
        "en": "Not the notes' recipe: their CNN idea tuned for a laptop. Two convolution layers with max pooling "
              "and BatchNorm, batch 256 instead of 64, one learning-rate cycle, light augmentation, 8 epochs. "
              "Seeds 0–4 reached 99.41–99.53% in about a minute each.",
        "ko": "강의 노트의 방식 그대로가 아니라, 강의 노트 CNN의 아이디어를 노트북에 맞게 조정한 것입니다. 최대 풀링과 "
              "배치 정규화를 곁들인 합성곱 층 2개, 배치 64 대신 256, 학습률 한 주기, 약한 데이터 증강, 8 에포크. "
              "시드 0–4는 각각 1분 정도 만에 99.41–99.53%에 이르렀습니다.",
    },
    "train.note_custom": {
        "en": "Your own MLP from the concepts note (S5): choose the hidden layers, activation and dropout.",
        "ko": "개념 정리 강의 노트(S5)로 만드는 나만의 MLP: 은닉층, 활성화 함수, 드롭아웃을 고르세요.",
    },
    "train.settings": {"en": "Settings", "ko": "설정"},
    "train.epochs": {"en": "Epochs", "ko": "에포크"},
    "train.epochs_help": {
        "en": "How many times the network sees the whole training set.",
        "ko": "신경망이 훈련 데이터 전체를 몇 번 보는지입니다.",
    },
    "train.batch_size": {"en": "Batch size", "ko": "배치 크기"},
    "train.batch_size_help": {
        "en": "Digits per weight update.",
        "ko": "가중치를 한 번 갱신할 때 쓰는 숫자 이미지 수입니다.",
    },
    "train.learning_rate": {"en": "Learning rate", "ko": "학습률"},
    "train.optimizer": {"en": "Optimizer", "ko": "옵티마이저"},
    "train.optimizer_fixed": {
        "en": "The NumPy net trains with plain SGD, as in the notes.",
        "ko": "NumPy 신경망은 강의 노트처럼 기본 SGD로만 학습합니다.",
    },
    "train.optimizer_sgd": {"en": "SGD", "ko": "SGD"},
    "train.optimizer_momentum": {"en": "SGD + momentum 0.9", "ko": "SGD + 모멘텀 0.9"},
    "train.optimizer_rmsprop": {"en": "RMSprop", "ko": "RMSprop"},
    "train.optimizer_adam": {"en": "Adam", "ko": "Adam"},
    "train.loss": {"en": "Loss", "ko": "손실 함수"},
    "train.loss_cross_entropy": {"en": "Cross-entropy", "ko": "교차 엔트로피"},
    "train.loss_mse": {"en": "Mean squared error", "ko": "평균 제곱 오차"},
    "train.validation_split": {"en": "Validation split", "ko": "검증 데이터 비율"},
    "train.validation_split_help": {
        "en": "Share of the training digits held out to watch overfitting. The S4 notes hold out 0.1; the 8:2 in "
              "the S5 notes is the ratio of training to test data, not this.",
        "ko": "과적합을 지켜보려고 떼어 두는 훈련 데이터의 비율입니다. S4 강의 노트는 0.1을 떼어 둡니다. S5 강의 "
              "노트의 8:2는 이것이 아니라 훈련 데이터와 테스트 데이터의 비율입니다.",
    },
    "train.early_stopping": {"en": "Early stopping", "ko": "조기 종료"},
    "train.early_stopping_help": {
        "en": "Stop when the validation loss stops improving and keep the best epoch "
              "(the notes' EarlyStopping + ModelCheckpoint). Needs a validation split.",
        "ko": "검증 손실이 더 나아지지 않으면 멈추고 가장 좋았던 에포크를 남깁니다 "
              "(강의 노트의 EarlyStopping + ModelCheckpoint). 검증 데이터가 있어야 합니다.",
    },
    "train.patience": {"en": "Patience: epochs without a lower validation loss before stopping",
                       "ko": "검증 손실이 줄지 않아도 멈추기 전까지 기다릴 에포크 수"},
    "train.augment": {"en": "Augmentation (rotate, zoom, shift)", "ko": "데이터 증강 (회전, 확대, 이동)"},
    "train.seed": {"en": "Seed", "ko": "시드"},
    "train.seed_help": {
        "en": "The same settings and seed give the same run.",
        "ko": "설정과 시드가 같으면 같은 결과가 나옵니다.",
    },
    "train.snapshots": {"en": "Keep snapshots at epochs", "ko": "스냅숏을 남길 에포크"},
    "train.snapshots_help": {
        "en": "Keep the network's state at these epochs too: one 50-epoch run with a snapshot at 10 "
              "gives the notes' “10 vs 50 epochs” comparison.",
        "ko": "이 에포크의 상태도 함께 저장합니다. 50 에포크 학습에서 10 에포크 스냅숏을 남기면 "
              "강의 노트의 “10 대 50 에포크” 비교를 한 번의 학습으로 할 수 있습니다.",
    },
    "train.train_limit": {"en": "Training digits", "ko": "훈련 이미지 수"},
    "train.train_limit_all": {"en": "all 60,000", "ko": "전체 60,000장"},
    "train.train_limit_n": {"en": "first {n:,}", "ko": "처음 {n:,}장"},
    "train.layers": {"en": "Hidden layers", "ko": "은닉층 수"},
    "train.hidden": {"en": "Neurons in hidden layer {i}", "ko": "은닉층 {i}의 뉴런 수"},
    "train.activation": {"en": "Activation", "ko": "활성화 함수"},
    "train.dropout": {"en": "Dropout", "ko": "드롭아웃"},
    "train.train": {"en": "Train", "ko": "학습 시작"},
    "train.invalid": {"en": "These settings cannot be trained: {error}", "ko": "이 설정으로는 학습할 수 없습니다: {error}"},
    "train.running_as": {"en": "Training {preset} (run {id})", "ko": "{preset} 학습 중 (학습 기록 {id})"},
    "train.from_store": {
        "en": "Shown from the run store, trained {date} in {time}: no training needed.",
        "ko": "학습 기록 저장소에서 불러왔습니다. {date}에 {time} 동안 학습한 결과라 다시 학습하지 않습니다.",
    },
    "train.trained": {
        "en": "Trained in {time} and stored as run {id}.",
        "ko": "{time} 동안 학습해 학습 기록 {id}에 저장했습니다.",
    },
    "train.stopped": {
        "en": "Stopped at epoch {epoch} of {epochs}. The run is kept in the store marked as stopped; "
              "Train again to finish it.",
        "ko": "{epochs} 에포크 중 {epoch} 에포크에서 멈췄습니다. 이 학습 기록은 ‘중단됨’으로 저장소에 남으며, "
              "다시 학습 시작을 누르면 끝까지 학습합니다.",
    },
    "train.stopped_nothing": {
        "en": "Stopped before the first epoch ended: nothing was stored.",
        "ko": "첫 에포크가 끝나기 전에 멈춰서 아무것도 저장하지 않았습니다.",
    },
    "train.failed": {"en": "Training failed: {error}", "ko": "학습에 실패했습니다: {error}"},
    "train.results": {"en": "Results", "ko": "결과"},
}
