# The two commands a newcomer needs: `make start` and `make test`. Everything else is Yarn.
.PHONY: start test install

start: ## Start Skyforge: backend on :7007, frontend on :3000, SQLite in .data/
	@scripts/skyforge.sh start

test: ## Type-check, API reports, lint, format, knip, frontend build, every package's tests (unit, integration, end to end)
	@scripts/skyforge.sh test

install: ## Install the toolchain and dependencies only
	@scripts/skyforge.sh install
