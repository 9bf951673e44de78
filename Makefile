# Two set-up commands on a fresh machine: `make demo` and `make test`. Both install what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
TOOLS_DIR ?= $(HOME)/.cache/c2p-tools
EXAMPLE := examples/server2/docker-compose.v2.yml
DEMO_OUT ?= c2p-out

.PHONY: demo test tools venv bench clean

$(BIN)/c2p: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

venv: $(BIN)/c2p

demo: venv
	$(BIN)/c2p inspect -f $(EXAMPLE)
	$(BIN)/c2p generate -f $(EXAMPLE) --target k8s -o $(DEMO_OUT) --force
	$(BIN)/c2p generate -f $(EXAMPLE) --target aws -o $(DEMO_OUT) --force
	@echo
	@echo "Generated files:"; find $(DEMO_OUT) -type f | sort

tools: venv
	TOOLS_DIR=$(TOOLS_DIR) PYTHON=$(abspath $(BIN))/python bash tools/install.sh

test: tools
	PATH="$(TOOLS_DIR)/bin:$$PATH" C2P_TOOLS_DIR=$(TOOLS_DIR) $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: venv
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache
