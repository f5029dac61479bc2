# The two commands a newcomer needs:
#   make run    set up whatever is missing, then open the app
#   make test   set up whatever is missing, then run the whole test suite under Xvfb
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.llamo-setup

.PHONY: run test setup bench eval

run: setup
	$(PY) main.py $(ARGS)

test: setup
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) -m pytest -q --timeout 900 $(PYTEST_ARGS)

setup: $(STAMP)

$(STAMP): pyproject.toml packaging/setup_env.sh
	bash packaging/setup_env.sh $(VENV)
	touch $(STAMP)
