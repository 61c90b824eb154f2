STRINGS = {
    "nav.inside": {"en": "Inside the network", "ko": "신경망 들여다보기"},
    "inside.title": {"en": "Inside the network", "ko": "신경망 들여다보기"},
    "inside.intro": {
        "en": "Pick one of your trained runs and draw a digit (or pick a test digit): see what every layer makes "
              "of it, which pixels the answer rests on, what the first layer has learnt to look for, and where the "
              "drawing lands among the test digits. The epoch slider shows the same network as it was after "
              "each snapshot.",
        "ko": "학습 기록 하나를 고르고 숫자를 그려 보세요(테스트 숫자를 골라도 됩니다). 층마다 그림을 어떻게 "
              "받아들이는지, 답이 어느 픽셀에 기대고 있는지, 첫 번째 층이 무엇을 찾도록 배웠는지, 그리고 그림이 "
              "테스트 숫자들 사이 어디쯤 놓이는지 볼 수 있습니다. 에포크 슬라이더를 움직이면 스냅숏마다 그 시점의 "
              "신경망으로 바뀝니다.",
    },
    "inside.no_runs": {
        "en": "No trained run yet. Train one first (a NumPy net takes seconds); keep a few snapshots to watch it "
              "learn epoch by epoch.",
        "ko": "아직 학습 기록이 없습니다. 먼저 하나를 학습해 주세요(NumPy 신경망은 몇 초면 됩니다). 스냅숏을 "
              "몇 개 남겨 두면 에포크마다 배워 가는 모습을 볼 수 있습니다.",
    },
    "inside.to_train": {"en": "Go to the Train page", "ko": "학습 페이지로 이동"},
    "inside.run": {"en": "Run", "ko": "학습 기록"},
    "inside.no_snapshots": {
        "en": "This run kept no snapshots: it is shown after its last epoch, {epoch}. Keep snapshots on the Train "
              "page to see it epoch by epoch.",
        "ko": "이 학습 기록에는 스냅숏이 없어서 마지막 에포크({epoch}) 뒤의 모습만 보여 줍니다. 학습 페이지에서 스냅숏을 "
              "남기면 에포크마다 볼 수 있습니다.",
    },
    "inside.epoch": {"en": "The network after epoch", "ko": "몇 번째 에포크 뒤의 신경망"},
    "inside.epoch_value": {"en": "epoch {epoch}", "ko": "{epoch} 에포크"},
    "inside.epoch_help": {
        "en": "The run's snapshots and its last epoch. Everything below is recomputed with the network as it "
              "was then.",
        "ko": "이 학습 기록의 스냅숏과 마지막 에포크입니다. 아래의 모든 그림이 그 시점의 신경망으로 다시 계산됩니다.",
    },
    "inside.source": {"en": "Input", "ko": "입력 방법"},
    "inside.source_draw": {"en": "Draw", "ko": "직접 그리기"},
    "inside.source_test": {"en": "Pick a test digit", "ko": "테스트 숫자 고르기"},
    "inside.source_sketch": {"en": "From the Draw page", "ko": "그리기 페이지에서 가져온 그림"},
    "inside.clear": {"en": "Clear", "ko": "그림 삭제"},
    "inside.test_index": {"en": "Test digit number", "ko": "테스트 숫자 번호"},
    "inside.random": {"en": "Random", "ko": "무작위 선택"},
    "inside.true_label": {"en": "Test digit · its label: {label}", "ko": "테스트 숫자 · 정답: {label}"},
    "inside.handed_caption": {"en": "Your drawing from the Draw page", "ko": "그리기 페이지에서 그린 그림"},
    "inside.draw_prompt": {
        "en": "Draw a digit in the black square (or pick a test digit) to look inside the network.",
        "ko": "검은 칸에 숫자를 그리거나 테스트 숫자를 고르면 신경망 안을 들여다볼 수 있습니다.",
    },
    "inside.answer": {"en": "Answer", "ko": "답"},
    "inside.probability": {"en": "probability {percent}", "ko": "확률 {percent}"},
    "inside.accuracy": {"en": "Test accuracy after epoch {epoch}", "ko": "{epoch} 에포크 뒤 테스트 정확도"},
    "inside.right": {"en": "Right: the label is {label}.", "ko": "맞았습니다. 정답은 {label}입니다."},
    "inside.wrong": {"en": "Wrong: the label is {label}.", "ko": "틀렸습니다. 정답은 {label}입니다."},
    "inside.saliency_caption": {
        "en": "Where the network looked to answer {digit}",
        "ko": "신경망이 본 곳 (답: {digit})",
    },
    "inside.saliency_help": {
        "en": "Bright pixels changed the answer's score the most (gradient × input, averaged over a few noisy "
              "copies of the drawing: SmoothGrad). Dark pixels mattered little; the black background stays dark, "
              "since gradient × input is 0 where there is no ink.",
        "ko": "밝은 픽셀일수록 답의 점수를 크게 바꾼 곳입니다(기울기 × 입력을, 그림에 잡음을 조금 섞은 여러 "
              "장에 대해 평균 낸 SmoothGrad). 어두운 픽셀은 답에 별 영향을 주지 않았습니다. 획이 없는 검은 배경은 "
              "입력이 0이라 기울기 × 입력도 0이므로 늘 어둡게 보입니다.",
    },
    "inside.layers_header": {"en": "Layer by layer", "ko": "층별로 보기"},
    "inside.layers_help": {
        "en": "What each layer outputs for this input, first to last: a dense layer as a strip of its most active "
              "units (strongest first), a convolution as its most active feature maps. {shown} of the network's "
              "{total} layer outputs are drawn (batch normalization, dropout and flatten are left out); the last "
              "is the 10 probabilities above.",
        "ko": "이 입력에 대해 각 층이 내놓는 값을 첫 층부터 차례로 보여 줍니다. 완전연결층은 가장 크게 활성화된 뉴런들을 "
              "센 것부터 한 줄로, 합성곱 층은 가장 크게 활성화된 특성 맵들을 그림으로 보여 줍니다. 전체 {total}개 층 "
              "출력 가운데 {shown}개를 그렸고(배치 정규화, 드롭아웃, 평탄화는 뺐습니다), 마지막 층은 위의 10개 확률입니다.",
    },
    "inside.layer_units": {
        "en": "Layer {n}: {units} units, the {top} most active",
        "ko": "{n}번째 층: 뉴런 {units}개 중 가장 크게 활성화된 {top}개",
    },
    "inside.layer_maps": {
        "en": "Layer {n}: {maps} feature maps of {h}×{w}, the {top} most active",
        "ko": "{n}번째 층: {h}×{w} 특성 맵 {maps}개 중 가장 크게 활성화된 {top}개",
    },
    "inside.layer_scores": {
        "en": "Layer {n}: the 10 scores, one per digit, that the softmax turns into the probabilities",
        "ko": "{n}번째 층: 소프트맥스가 확률로 바꾸기 전, 숫자마다 하나씩인 점수 10개",
    },
    "inside.unit_hover": {"en": "unit %{x}: %{z:.3f}", "ko": "뉴런 %{x}: %{z:.3f}"},
    "inside.weights_header": {"en": "What the first layer looks for", "ko": "첫 번째 층이 찾는 것"},
    "inside.weights_units": {
        "en": "The {n} first-layer units (of {total}) most active for this input, each one's 784 weights drawn as "
              "a 28×28 picture: white pixels raise the unit, black ones lower it, gray is 0.",
        "ko": "첫 번째 층의 뉴런 {total}개 가운데 이 입력에 가장 크게 활성화된 {n}개입니다. 뉴런마다 784개의 가중치를 "
              "28×28 그림으로 그렸습니다. 흰 픽셀은 뉴런의 출력을 키우고, 검은 픽셀은 줄이며, 회색은 0입니다.",
    },
    "inside.weights_units.one": {
        "en": "The first-layer unit (of {total}) most active for this input, its 784 weights drawn as "
              "a 28×28 picture: white pixels raise the unit, black ones lower it, gray is 0.",
        "ko": "첫 번째 층의 뉴런 {total}개 가운데 이 입력에 가장 크게 활성화된 1개입니다. 784개의 가중치를 "
              "28×28 그림으로 그렸습니다. 흰 픽셀은 뉴런의 출력을 키우고, 검은 픽셀은 줄이며, 회색은 0입니다.",
    },
    "inside.weights_first": {
        "en": "The first {n} of the {total} first-layer units, each one's 784 weights drawn as a 28×28 picture: "
              "white pixels raise the unit, black ones lower it, gray is 0. Draw a digit to see its most active units.",
        "ko": "첫 번째 층의 뉴런 {total}개 가운데 앞의 {n}개입니다. 뉴런마다 784개의 가중치를 28×28 그림으로 "
              "그렸습니다. 흰 픽셀은 뉴런의 출력을 키우고, 검은 픽셀은 줄이며, 회색은 0입니다. 숫자를 그리면 가장 크게 "
              "활성화된 뉴런들이 나옵니다.",
    },
    "inside.weights_kernels": {
        "en": "The first convolution's {n} kernels of {h}×{w} (summed over input channels): each slides over the "
              "image and lights up where the image looks like it. White raises, black lowers, gray is 0.",
        "ko": "첫 번째 합성곱 층의 {h}×{w} 커널 {n}개입니다(입력 채널에 대해 합했습니다). 커널마다 이미지 위를 "
              "미끄러지며 자기와 닮은 곳에서 밝아집니다. 흰색은 키우고, 검은색은 줄이며, 회색은 0입니다.",
    },
    "inside.weights_kernels.one": {
        "en": "The first convolution's one kernel of {h}×{w} (summed over input channels): it slides over the "
              "image and lights up where the image looks like it. White raises, black lowers, gray is 0.",
        "ko": "첫 번째 합성곱 층의 {h}×{w} 커널 1개입니다(입력 채널에 대해 합했습니다). 커널이 이미지 위를 "
              "미끄러지며 자기와 닮은 곳에서 밝아집니다. 흰색은 키우고, 검은색은 줄이며, 회색은 0입니다.",
    },
    "inside.map_header": {"en": "Where the input lands", "ko": "입력이 놓이는 자리"},
    "inside.map_help": {
        "en": "2,000 test digits, coloured by their label, placed by what the last hidden layer makes of them "
              "(its two main directions, PCA). Digits the network tells apart well form separate clouds; the star "
              "is your input.",
        "ko": "테스트 숫자 2,000개를 정답에 따라 색칠하고, 마지막 은닉층이 만든 값의 두 주된 방향(PCA)으로 "
              "배치했습니다. 신경망이 잘 구별하는 숫자일수록 따로 떨어진 무리를 이룹니다. 별이 여러분의 입력입니다.",
    },
    "inside.map_star": {"en": "your input", "ko": "여러분의 입력"},
    "inside.map_star_text": {"en": "read as {digit}", "ko": "답: {digit}"},
    "inside.map_x": {"en": "first main direction", "ko": "첫 번째 주된 방향"},
    "inside.map_y": {"en": "second main direction", "ko": "두 번째 주된 방향"},
    "inside.code_header": {"en": "The code behind this run", "ko": "이 학습 기록을 만든 코드"},
    "inside.code_help": {
        "en": "A short script in the style of the notes that trains the same network with the same settings. "
              "Copy it (top right of the box) and run it with Python; Keras downloads MNIST the first time.",
        "ko": "같은 신경망을 같은 설정으로 학습하는, 강의 노트 방식의 짧은 스크립트입니다. 상자 오른쪽 위에서 "
              "복사해 파이썬으로 실행해 보세요. 처음 실행할 때 Keras가 MNIST를 내려받습니다.",
    },
}
