# Latent Explorer: `make run` opens the explorer on the default bundle, `make test` runs every test.
SHELL := /bin/bash
APT_PACKAGES := pkg-config libncurses-dev libopenblas-dev libpng-dev libjpeg-dev libsixel-bin tmux imagemagick procps time zip dataset-fashion-mnist zlib1g-dev xterm xvfb xdotool x11-utils fonts-dejavu-core python3-pil python3-numpy kitty libgl1 libgl1-mesa-dri openssh-server
BUNDLE ?= models/fashion-mnist-vae

.PHONY: all deps build release run test unit e2e bench fuzz tsan models clean

all: build

deps:
	@tools/ensure-apt.sh $(APT_PACKAGES)

build: deps
	swift build

release: deps
	swift build -c release

run: release
	.build/release/latent $(BUNDLE)

# Every test: the Swift unit tests, then every end-to-end script under Tests/e2e/. Built optimised (with
# testing enabled, in its own build folder): t-SNE and the ONNX kernels are 6-20× slower unoptimised, which
# would make the end-to-end scripts that run them crawl.
TEST_BUILD := swift build -c release --scratch-path .build-test -Xswiftc -enable-testing
test: deps
	$(TEST_BUILD) --build-tests
	swift test -c release --scratch-path .build-test -Xswiftc -enable-testing --skip-build
	LATENT_BIN=$(CURDIR)/.build-test/release/latent tools/run-e2e.sh

bench: deps release
	tools/venv.sh
	bench/run_all.sh

# Every parser under libFuzzer and AddressSanitizer for FUZZ_SECONDS each (tools/fuzz, docs/fuzzing.md); not part of
# `make test`. Fails if any target crashes, hangs on one input or exceeds the memory limits.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) tools/fuzz/run.sh

# The unit tests and the explorer's tmux scripts under ThreadSanitizer (tools/tsan.sh); not part of `make test`.
tsan: deps
	tools/tsan.sh

models: deps
	tools/train/make_models.sh

clean:
	rm -rf .build
