STRINGS = {
    "activations.title": {"en": "Activation functions and logistic regression",
                          "ko": "활성화 함수와 로지스틱 회귀"},
    "activations.intro": {
        "en": "A neuron takes a weighted sum of its inputs and passes it through an activation function. "
              "Without that function a network of any depth is a single linear map. Below: the functions from "
              "the notes, why they are needed, softmax at the output, and logistic regression, the one-neuron "
              "model they all grew from.",
        "ko": "뉴런은 입력의 가중합을 계산한 뒤 활성화 함수에 통과시킵니다. 이 함수가 없으면 층을 아무리 깊게 쌓아도 "
              "하나의 선형 변환에 불과합니다. 아래에서 강의 노트에 나온 활성화 함수들, 이 함수가 필요한 이유, 출력층의 "
              "소프트맥스, 그리고 이 모든 것의 뿌리인 뉴런 하나짜리 모델, 로지스틱 회귀를 차례로 살펴봅니다.",
    },

    # Functions and their plots
    "activations.functions": {"en": "The functions", "ko": "활성화 함수 살펴보기"},
    "activations.pick": {"en": "Functions to show", "ko": "표시할 함수"},
    "activations.pick_one": {"en": "Pick at least one function above.", "ko": "위에서 함수를 하나 이상 고르세요."},
    "activations.x_range": {"en": "Range of x", "ko": "x 범위"},
    "activations.layout": {"en": "Function and derivative", "ko": "함수와 도함수"},
    "activations.layout.together": {"en": "Together", "ko": "한 그래프에"},
    "activations.layout.apart": {"en": "Side by side", "ko": "나란히"},
    "activations.params": {"en": "Parameters", "ko": "매개변수"},
    "activations.f": {"en": "f(x)", "ko": "f(x)"},
    "activations.df": {"en": "f′(x) (slope)", "ko": "f′(x) (기울기)"},
    "activations.curve_f": {"en": "{name}", "ko": "{name}"},
    "activations.curve_df": {"en": "{name}′", "ko": "{name}′"},
    "activations.plot_help": {
        "en": "Solid lines: the function. Dashed lines: its derivative, the factor by which a gradient is "
              "multiplied when it flows back through this activation.",
        "ko": "실선은 함수, 점선은 도함수입니다. 도함수는 역전파 때 기울기가 이 활성화 함수를 지나며 곱해지는 값입니다.",
    },
    "activations.formula": {"en": "Formula", "ko": "수식"},
    "activations.max_slope": {"en": "Largest slope |f′| for x in [-20, 20]",
                              "ko": "x ∈ [-20, 20]에서 가장 큰 기울기 |f′|"},

    "activations.name.sigmoid": {"en": "Sigmoid", "ko": "시그모이드"},
    "activations.name.tanh": {"en": "tanh", "ko": "tanh (쌍곡탄젠트)"},
    "activations.name.relu": {"en": "ReLU", "ko": "ReLU"},
    "activations.name.leaky_relu": {"en": "Leaky ReLU", "ko": "Leaky ReLU"},
    "activations.name.elu": {"en": "ELU", "ko": "ELU"},
    "activations.name.maxout": {"en": "Maxout", "ko": "Maxout"},
    "activations.name.softmax": {"en": "Softmax", "ko": "소프트맥스"},
    "activations.name.softplus": {"en": "Softplus", "ko": "Softplus"},
    "activations.name.swish": {"en": "Swish / SiLU", "ko": "Swish / SiLU"},
    "activations.name.gelu": {"en": "GELU", "ko": "GELU"},

    "activations.param.leaky_relu.alpha": {"en": "Leaky ReLU: α (slope for x < 0)",
                                           "ko": "Leaky ReLU: α (x < 0 쪽 기울기)"},
    "activations.param.elu.alpha": {"en": "ELU: α (the floor is −α)", "ko": "ELU: α (하한값은 −α)"},
    "activations.param.maxout.w1": {"en": "Maxout: w₁ (slope of piece 1)", "ko": "Maxout: w₁ (첫째 직선의 기울기)"},
    "activations.param.maxout.b1": {"en": "Maxout: b₁ (offset of piece 1)", "ko": "Maxout: b₁ (첫째 직선의 절편)"},
    "activations.param.maxout.w2": {"en": "Maxout: w₂ (slope of piece 2)", "ko": "Maxout: w₂ (둘째 직선의 기울기)"},
    "activations.param.maxout.b2": {"en": "Maxout: b₂ (offset of piece 2)", "ko": "Maxout: b₂ (둘째 직선의 절편)"},
    "activations.param.swish.beta": {"en": "Swish: β (1 = SiLU)", "ko": "Swish: β (1이면 SiLU)"},

    # Bold text in Korean ends where a word ends (before a space or after a full stop), never
    # right before a particle: Markdown does not close ** between ")" and a Hangul letter.
    "activations.explain.sigmoid": {
        "en": "**Output range (0, 1)**, so the output reads as a probability: this is the output of logistic "
              "regression. **It saturates on both sides**: beyond about ±5 the curve is flat and its slope is "
              "nearly 0.\n\n"
              "**Why the slope never exceeds 0.25:** σ′(x) = σ(x)(1 − σ(x)) is a product p(1 − p) of two "
              "numbers that add up to 1, which is largest when both are 0.5, at x = 0: 0.5 × 0.5 = 0.25. "
              "Backpropagation multiplies one such factor per layer, so through 10 sigmoid layers the gradient "
              "shrinks to at most 0.25¹⁰ ≈ 0.000001 of its size (weights aside): the early layers barely learn. "
              "This is the **vanishing gradient** problem. The output is also always positive, not centred on 0.",
        "ko": "**출력 범위: (0, 1).** 그래서 출력을 확률로 읽을 수 있습니다. 로지스틱 회귀의 출력이 바로 이것입니다. "
              "**양쪽 끝에서 포화됩니다.** x가 약 ±5를 넘으면 곡선이 평평해지고 기울기가 거의 0이 됩니다.\n\n"
              "**기울기가 0.25를 넘지 않는 이유:** σ′(x) = σ(x)(1 − σ(x))는 합이 1인 두 수의 곱 p(1 − p)이고, "
              "두 수가 모두 0.5일 때, 즉 x = 0에서 가장 커서 0.5 × 0.5 = 0.25입니다. 역전파는 층마다 이 값을 "
              "한 번씩 곱하므로, 시그모이드 층 10개를 지나면 기울기는 (가중치를 빼고 보면) 많아야 0.25¹⁰ ≈ 0.000001배로 "
              "줄어듭니다. 앞쪽 층은 거의 학습되지 않습니다. 이것이 바로 **기울기 소실(vanishing gradient)** 문제입니다. "
              "또 출력이 항상 양수라서 0을 중심으로 하지 않습니다.",
    },
    "activations.explain.tanh": {
        "en": "**Output range (−1, 1)**, centred on 0, so the next layer receives inputs balanced around zero. "
              "It is a stretched sigmoid: tanh(x) = 2σ(2x) − 1. Its slope is 1 at x = 0, four times the "
              "sigmoid's best, but **it saturates just the same** beyond about ±3, so deep tanh networks still "
              "suffer from vanishing gradients, only less.",
        "ko": "**출력 범위: (−1, 1).** 0을 중심으로 하므로, 다음 층이 0 주변에 고르게 퍼진 입력을 받습니다. "
              "시그모이드를 늘려 놓은 모양입니다: tanh(x) = 2σ(2x) − 1. x = 0에서 기울기가 1로 시그모이드의 최댓값보다 "
              "네 배 크지만, x가 약 ±3을 넘으면 **똑같이 포화되므로** 깊은 tanh 신경망도 정도는 덜하지만 기울기 소실을 겪습니다.",
    },
    "activations.explain.relu": {
        "en": "**Output range [0, ∞)**: 0 for negative inputs, the input itself for positive ones. Where x > 0 the "
              "slope is exactly 1, so the gradient passes through any number of layers without shrinking, and "
              "it costs only a comparison. It is the hidden activation of the notes' Keras models "
              "(`Dense(512, activation='relu')`).\n\n"
              "**Dying ReLU:** for x < 0 the slope is 0. If a neuron's weighted input becomes negative for every "
              "training image (for example after one too-large learning-rate step), it outputs 0 and receives a "
              "gradient of 0 from then on: it never learns again. (At exactly x = 0 we take the slope as 0.)",
        "ko": "**출력 범위: [0, ∞).** 음수 입력은 0으로, 양수 입력은 그대로 내보냅니다. x > 0에서 기울기가 "
              "정확히 1이라 층을 몇 개 지나도 기울기가 줄지 않고, 계산도 비교 한 번이면 됩니다. 강의 노트의 Keras 모델 "
              "은닉층(`Dense(512, activation='relu')`)이 쓰는 함수입니다.\n\n"
              "**죽은 ReLU(dying ReLU):** x < 0에서는 기울기가 0입니다. 어떤 뉴런의 가중합이 모든 훈련 이미지에서 "
              "음수가 되면(예: 학습률이 너무 커서 한 번에 크게 움직인 뒤) 출력은 항상 0, 받는 기울기도 항상 0이 되어 "
              "다시는 학습되지 않습니다. (x = 0에서의 기울기는 0으로 정했습니다.)",
    },
    "activations.explain.leaky_relu": {
        "en": "ReLU with a small slope α on the negative side; the notes use max(0.1x, x), so α = 0.1. "
              "**Output range (−∞, ∞).** The negative side never goes flat, so the gradient is never exactly 0 "
              "and a neuron **cannot die**: it can always recover. α = 0 gives back ReLU; α = 1 is a straight "
              "line, no longer non-linear at all.",
        "ko": "음수 쪽에 작은 기울기 α를 준 ReLU입니다. 강의 노트의 식 max(0.1x, x)는 α = 0.1인 경우입니다. "
              "**출력 범위: (−∞, ∞).** 음수 쪽이 완전히 평평해지지 않아 기울기가 정확히 0이 되는 일이 없습니다. "
              "그래서 뉴런이 **죽지 않고** 언제든 다시 살아날 수 있습니다. α = 0이면 ReLU로 돌아가고, α = 1이면 그냥 "
              "직선이 되어 더 이상 비선형 함수가 아닙니다.",
    },
    "activations.explain.elu": {
        "en": "x for x > 0 and α(eˣ − 1) for x ≤ 0. **Output range (−α, ∞).** Negative inputs give negative outputs "
              "that **saturate smoothly at −α**, which pulls the mean activation towards 0. The slope αeˣ on the "
              "negative side is small but never 0, so, like Leaky ReLU, ELU **answers the dying ReLU**. With "
              "α = 1 the curve has no corner at 0. The price is an exponential per value.",
        "ko": "x > 0이면 x, x ≤ 0이면 α(eˣ − 1)입니다. **출력 범위: (−α, ∞).** 음수 입력은 음수 출력을 내며 "
              "**−α에서 부드럽게 포화되어** 평균 출력이 0에 가까워집니다. 음수 쪽 기울기 αeˣ는 작지만 0이 아니므로 "
              "Leaky ReLU처럼 **죽은 ReLU 문제를 해결합니다.** α = 1이면 0에서 꺾이는 곳 없이 매끄럽습니다. "
              "대신 값마다 지수 함수를 계산해야 합니다.",
    },
    "activations.explain.maxout": {
        "en": "The larger of two linear pieces, max(w₁x + b₁, w₂x + b₂). In a network the pieces are learned, so "
              "the network learns its own activation. **It neither saturates nor dies**; the price is twice the "
              "parameters. Its slope is the w of whichever piece is on top. With w₁ = 1 and b₁ = w₂ = b₂ = 0 it "
              "is ReLU; w₂ = 0.1 makes it Leaky ReLU; the default here, w₂ = −1, gives |x|. Try the sliders.",
        "ko": "두 직선 중 큰 쪽을 고르는 함수 max(w₁x + b₁, w₂x + b₂)입니다. 신경망에서는 이 직선들도 학습되므로 "
              "신경망이 자기 활성화 함수를 스스로 배우는 셈입니다. **포화되지도, 죽지도 않지만** 매개변수가 두 배 "
              "필요합니다. 기울기는 위에 있는 직선의 w입니다. w₁ = 1, b₁ = w₂ = b₂ = 0이면 ReLU, w₂ = 0.1이면 "
              "Leaky ReLU, 여기의 기본값 w₂ = −1이면 |x|가 됩니다. 슬라이더로 직접 바꿔 보세요.",
    },
    "activations.explain.softplus": {
        "en": "ln(1 + eˣ), a smooth ReLU. **Output range (0, ∞)**: close to 0 for very negative x, close to x for "
              "large x. Its derivative is exactly the sigmoid.",
        "ko": "ln(1 + eˣ)로, 매끄러운 ReLU입니다. **출력 범위: (0, ∞).** x가 아주 작으면 0에 가깝고, 크면 x에 "
              "가깝습니다. 도함수가 정확히 시그모이드입니다.",
    },
    "activations.explain.swish": {
        "en": "x·σ(βx); with β = 1 it is called SiLU. **Output range about [−0.28, ∞)** for β = 1: it dips a little "
              "below 0 for negative inputs and then returns to 0. Smooth everywhere and it does not die. A large "
              "β makes it approach ReLU.",
        "ko": "x·σ(βx)이며, β = 1일 때를 SiLU라고 부릅니다. **β = 1일 때 출력 범위: 약 [−0.28, ∞).** 음수 "
              "입력에서 0보다 살짝 내려갔다가 다시 0으로 돌아옵니다. 어디서나 매끄럽고 죽지 않습니다. β가 크면 "
              "ReLU에 가까워집니다.",
    },
    "activations.explain.gelu": {
        "en": "x·Φ(x), where Φ is the standard normal distribution function: the input is kept in proportion to "
              "how likely a standard normal value is to lie below it. **Output range about [−0.17, ∞).** Smooth, "
              "with a small dip below 0 like Swish; the usual choice in Transformers (BERT, GPT). Computed here "
              "exactly, with erf.",
        "ko": "x·Φ(x)이며, Φ는 표준정규분포의 누적분포함수입니다. 표준정규분포 값이 입력보다 작을 확률만큼 입력을 "
              "남긴다고 볼 수 있습니다. **출력 범위: 약 [−0.17, ∞).** Swish처럼 매끄럽고 0 아래로 살짝 "
              "내려가며, 트랜스포머(BERT, GPT)에서 주로 씁니다. 여기서는 erf로 정확하게 계산합니다.",
    },

    # Vanishing gradients
    "activations.vanishing": {"en": "Vanishing gradients", "ko": "기울기 소실"},
    "activations.vanishing_text": {
        "en": "Backpropagation multiplies the gradient by the activation's slope once per layer. The sigmoid's "
              "slope is at most 0.25, so after many sigmoid layers the gradient has shrunk towards 0 and the first "
              "layers barely learn: that is the vanishing gradient. The chart shows the largest this product can "
              "be after n layers, for the functions picked above (log scale). ReLU's stays at 1.",
        "ko": "역전파에서 기울기는 층을 하나 지날 때마다 활성화 함수의 기울기와 한 번씩 곱해집니다. 시그모이드의 "
              "기울기는 많아야 0.25이므로, 시그모이드 층을 여러 개 지나면 기울기가 0에 가깝게 줄어들어 앞쪽 층이 거의 "
              "학습되지 않습니다. 이것이 기울기 소실입니다. 그래프는 위에서 고른 함수마다 n개 층을 지난 뒤 이 곱이 "
              "가질 수 있는 최댓값을 보여 줍니다(로그 눈금). ReLU는 1에서 줄지 않습니다.",
    },
    "activations.layers": {"en": "Number of layers", "ko": "층 수"},
    "activations.layer_axis": {"en": "layers", "ko": "층 수"},
    "activations.bound_axis": {"en": "largest gradient factor", "ko": "기울기 배율의 최댓값"},
    # {layers} can be 1 (the slider starts there): no "1 layers"
    "activations.sigmoid_bound": {"en": "Sigmoid, depth {layers}: at most 0.25^{layers}",
                                  "ko": "시그모이드 층 {layers}개: 최대 0.25^{layers}"},

    # Why non-linear
    "activations.why": {"en": "Why non-linear?", "ko": "왜 비선형이어야 할까?"},
    "activations.why_text": {
        "en": "A layer without activation computes a matrix product. Two of them in a row, W₂(W₁x), equal "
              "(W₂W₁)x: one matrix again. Any stack of linear layers collapses into a single one, which can only "
              "draw straight decision boundaries. Below, a square grid of points goes through two random 2×2 "
              "layers. Without an activation straight lines stay straight (it is just the matrix W₂W₁); with "
              "one in between the grid is bent or folded, and no single matrix can do that.",
        "ko": "활성화 함수가 없는 층은 행렬 곱일 뿐입니다. 두 층을 이어도 W₂(W₁x) = (W₂W₁)x로 다시 행렬 하나가 됩니다. "
              "선형 층은 아무리 쌓아도 하나의 선형 층으로 합쳐지고, 직선 모양의 결정 경계밖에 그릴 수 없습니다. 아래에서 "
              "정사각형 격자 위의 점들을 무작위 2×2 층 두 개에 통과시킵니다. 활성화 함수가 없으면 직선은 직선으로 남고"
              "(행렬 W₂W₁ 하나와 같습니다), 사이에 활성화 함수를 넣으면 격자가 휘거나 접혀서 어떤 행렬 하나로도 "
              "만들 수 없는 모양이 됩니다.",
    },
    "activations.between": {"en": "Activation between the two layers", "ko": "두 층 사이의 활성화 함수"},
    "activations.new_layers": {"en": "New random layers", "ko": "새 무작위 층"},
    "activations.stack_linear": {"en": "Linear → linear", "ko": "선형 → 선형"},
    "activations.stack_nonlinear": {"en": "Linear → {name} → linear", "ko": "선형 → {name} → 선형"},
    "activations.residual": {"en": "Error of the best single affine map", "ko": "가장 잘 맞춘 아핀 변환 하나의 오차"},
    "activations.residual_help": {
        "en": "Largest distance between the picture and the best fit of one matrix plus bias (least squares). "
              "About 1e-16 means exact up to rounding.",
        "ko": "그림과, 행렬 하나와 편향으로 최소제곱 근사한 결과 사이의 가장 큰 차이입니다. 1e-16 정도면 반올림 오차를 "
              "빼고 정확히 같다는 뜻입니다.",
    },

    # Softmax
    "activations.softmax": {"en": "Softmax: ten scores become ten probabilities",
                            "ko": "소프트맥스: 점수 10개를 확률 10개로"},
    "activations.softmax_text": {
        "en": "The last layer of every MNIST model in the notes is `Dense(10, activation='softmax')`. It turns ten "
              "scores (logits) into ten positive numbers that add up to 1. Dividing by a temperature T first "
              "changes how sure it sounds: T < 1 sharpens, T > 1 flattens, the winner stays the same. Adding the "
              "same number to every logit changes nothing; that is why subtracting the largest logit (the "
              "overflow fix in the notes' code) is safe, and why even ±1000 works here.",
        "ko": "강의 노트에 나온 모든 MNIST 모델의 마지막 층은 `Dense(10, activation='softmax')`입니다. 점수(로짓) "
              "10개를 합이 1인 양수 10개로 바꿉니다. 먼저 온도 T로 나누면 확신의 정도가 달라집니다. T < 1이면 더 뾰족해지고 "
              "T > 1이면 평평해지지만, 1등은 바뀌지 않습니다. 모든 로짓에 같은 수를 더해도 결과는 그대로입니다. 그래서 "
              "강의 노트의 코드처럼 가장 큰 로짓을 빼는 오버플로 대책이 안전하고, ±1000 같은 값도 문제없이 계산됩니다.",
    },
    "activations.logit_source": {"en": "Logits from", "ko": "로짓 가져오기"},
    "activations.source.manual": {"en": "Typed by hand", "ko": "직접 입력"},
    "activations.source.digit": {"en": "A test digit, scored by a softmax regression",
                                 "ko": "테스트 숫자 (소프트맥스 회귀의 점수)"},
    "activations.logit": {"en": "logit {digit}", "ko": "로짓 {digit}"},
    "activations.test_index": {"en": "Test image number", "ko": "테스트 이미지 번호"},
    "activations.softmax_model": {
        "en": "Scores from a softmax regression (one linear layer, 784 → 10, no hidden layer) trained here for "
              "one epoch of minibatch SGD: {accuracy:.1%} test accuracy. True label of this image: {label}.",
        "ko": "점수는 여기서 미니배치 SGD로 1 에포크 학습한 소프트맥스 회귀(은닉층 없이 784 → 10 선형 층 하나)가 "
              "냈습니다. 테스트 정확도 {accuracy:.1%}. 이 이미지의 정답: {label}.",
    },
    "activations.softmax_training": {"en": "Training the softmax regression…", "ko": "소프트맥스 회귀를 학습하는 중…"},
    "activations.temperature": {"en": "Temperature T", "ko": "온도 T"},
    "activations.shift": {"en": "Add to every logit", "ko": "모든 로짓에 더할 값"},
    "activations.probability": {"en": "probability", "ko": "확률"},
    "activations.logit_axis": {"en": "logit (after the shift)", "ko": "로짓 (더한 값 포함)"},
    "activations.sum": {"en": "Sum of the probabilities", "ko": "확률의 합"},
    "activations.winner": {"en": "Most likely digit", "ko": "가장 가능성 높은 숫자"},
    "activations.winner_p": {"en": "Its probability", "ko": "그 확률"},

    # Logistic regression
    "activations.logreg": {"en": "Logistic regression: one neuron with a sigmoid",
                           "ko": "로지스틱 회귀: 시그모이드를 단 뉴런 하나"},
    "activations.logreg_text": {
        "en": "Logistic regression is the binary classifier deep learning grew from. It scores an image with a "
              "weighted sum of its 784 pixels, z = w·x + b, and the sigmoid turns the score into a probability "
              "between 0 and 1 that the image is the second digit. Training lowers the cross-entropy loss by "
              "gradient descent: every step moves w against the gradient, computed on all training images of the "
              "two digits.",
        "ko": "로지스틱 회귀는 딥러닝의 기초가 된 이진 분류 모델입니다. 784개 픽셀의 가중합 z = w·x + b로 이미지에 "
              "점수를 매기고, 시그모이드가 이 점수를 '두 번째 숫자일 확률'(0과 1 사이)로 바꿉니다. 학습은 경사 하강법으로 "
              "교차 엔트로피 손실을 줄입니다. 한 단계마다 두 숫자의 모든 훈련 이미지로 기울기를 계산해 w를 그 반대 "
              "방향으로 옮깁니다.",
    },
    # the model's targets are 0 and 1; they are not the digits 0 and 1
    "activations.digit_a": {"en": "First digit (its images get target 0)", "ko": "첫째 숫자 (이 숫자 그림의 목표값 0)"},
    "activations.digit_b": {"en": "Second digit (its images get target 1)", "ko": "둘째 숫자 (이 숫자 그림의 목표값 1)"},
    "activations.learning_rate": {"en": "Learning rate", "ko": "학습률"},
    "activations.steps": {"en": "Gradient descent steps", "ko": "경사 하강 단계 수"},
    "activations.pairs_hint": {
        "en": "0 vs 1 is easy. Try 3 vs 8 or 4 vs 9, and a learning rate of 2 or 5 to see the loss jump.",
        "ko": "0과 1은 쉽습니다. 3과 8, 4와 9도 해 보고, 학습률을 2나 5로 올려 손실이 튀는 모습도 확인해 보세요.",
    },
    "activations.train": {"en": "Train", "ko": "학습 시작"},
    "activations.press_train": {"en": "Press Train to fit the model on the real MNIST images of the two digits.",
                                "ko": "'학습 시작'을 누르면 두 숫자의 실제 MNIST 이미지로 모델을 학습합니다."},
    "activations.same_digit": {"en": "Pick two different digits.", "ko": "서로 다른 두 숫자를 고르세요."},
    "activations.training": {"en": "Training {a} vs {b}…", "ko": "{a} 대 {b} 학습 중…"},
    "activations.train_acc": {"en": "Training accuracy", "ko": "훈련 정확도"},
    "activations.test_acc": {"en": "Test accuracy", "ko": "테스트 정확도"},
    "activations.final_loss": {"en": "Final loss", "ko": "최종 손실"},
    "activations.train_images": {"en": "Training images", "ko": "훈련 이미지 수"},
    "activations.seconds": {"en": "Training time", "ko": "학습 시간"},
    "activations.step": {"en": "step", "ko": "단계"},
    "activations.loss": {"en": "cross-entropy loss", "ko": "교차 엔트로피 손실"},
    "activations.accuracy": {"en": "accuracy", "ko": "정확도"},
    "activations.loss_title": {"en": "Loss per step", "ko": "단계별 손실"},
    "activations.acc_title": {"en": "Accuracy per step", "ko": "단계별 정확도"},
    "activations.weights_title": {"en": "The learned weights, as a 28×28 image", "ko": "학습된 가중치 (28×28 이미지)"},
    "activations.weights_help": {
        "en": "What the model looks for. Red pixels add to the score (ink there says {b}), blue pixels subtract "
              "from it (ink there says {a}); white pixels do not matter.",
        "ko": "모델이 보는 곳입니다. 빨간 픽셀은 점수를 올리고(그 자리에 획이 있으면 {b}), 파란 픽셀은 점수를 "
              "낮춥니다(그 자리에 획이 있으면 {a}). 흰 픽셀은 영향이 없습니다.",
    },
    "activations.sigmoid_title": {"en": "Test images on the sigmoid curve", "ko": "시그모이드 곡선 위의 테스트 이미지"},
    "activations.sigmoid_help": {
        "en": "Each dot is one test image, placed at its score z = w·x + b; its height σ(z) is the probability "
              "that it is the digit {b}. Colour: its true digit. Dots on the wrong side of 0.5 are mistakes: "
              "{wrong} of {total}.",
        "ko": "점 하나가 테스트 이미지 하나이고, 가로 위치는 점수 z = w·x + b, 높이 σ(z)는 그 숫자가 {b}일 확률입니다. "
              "색은 실제 숫자입니다. 0.5의 반대편에 있는 점이 오답이며, {total}개 중 {wrong}개입니다.",
    },
    "activations.score": {"en": "score z = w·x + b", "ko": "점수 z = w·x + b"},
    "activations.p_b": {"en": "P(digit is {b})", "ko": "P(숫자 = {b})"},
    "activations.true_digit": {"en": "true digit", "ko": "실제 숫자"},
    "activations.mistakes": {"en": "Misclassified test images", "ko": "틀린 테스트 이미지"},
    "activations.mistake_caption": {"en": "true {label} · P({b}) = {p:.2f}", "ko": "정답 {label} · P({b}) = {p:.2f}"},
    "activations.no_mistakes": {"en": "No test image is misclassified.", "ko": "틀린 테스트 이미지가 없습니다."},
}
