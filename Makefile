# account_dunning - set-up, demo, tests, lint and benchmark in one command each.
SHELL := /bin/bash
.PHONY: setup demo test lint bench clean

setup:
	./scripts/setup.sh

demo: setup
	./scripts/demo.sh

test: setup
	./scripts/test.sh

lint: setup
	./scripts/lint.sh

bench: setup
	./scripts/bench.sh

clean:
	./scripts/stop_pg.sh || true
	rm -rf .run
