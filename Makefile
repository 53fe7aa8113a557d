# Everyday commands. CI runs .ci/run, which ends with the same test command.
.PHONY: run test lint bench build

run:
	go run ./cmd/treffpunkt serve --demo

test:
	go test -count=1 -timeout 40m ./...

lint:
	@test -z "$$(gofmt -l cmd handlers models mail scheduling views)" || (gofmt -l cmd handlers models mail scheduling views; exit 1)
	go vet ./...
	@command -v golangci-lint >/dev/null && golangci-lint run ./... || echo "golangci-lint not installed: ran gofmt and go vet only"

bench:
	go test -run '^$$' -bench . -benchmem ./scheduling/...

build:
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o treffpunkt ./cmd/treffpunkt
