// Command ferretdb-runner starts FerretDB v1 (a MongoDB wire-protocol server) for the gateway's tests.
//
// It embeds github.com/FerretDB/FerretDB/ferretdb instead of building cmd/ferretdb, because the
// latter panics at start when built from the module zip (its version.txt is git-ignored upstream).
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("listen-addr", "127.0.0.1:27018", "TCP address to listen on")
	handler := flag.String("handler", "sqlite", "backend: sqlite or postgresql")
	sqliteURL := flag.String("sqlite-url", "file:./.ferretdb-data/", "existing directory, with a trailing slash")
	pgURL := flag.String("postgresql-url", "postgres://postgres@127.0.0.1:5432/ferretdb", "PostgreSQL URL for the postgresql handler")
	flag.Parse()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *addr},
		Handler:       *handler,
		SQLiteURL:     *sqliteURL,
		PostgreSQLURL: *pgURL,
		Logger:        slog.New(lazyHandler{base: slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})}),
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	log.Printf("ready %s", f.MongoDBURI())
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}

// lazyHandler defers a logger's With and WithGroup until a record is actually written. FerretDB's SQL layer
// (internal/util/fsql) calls Logger.With with every statement's arguments, whole documents included, before
// a Debug call that is then dropped; slog's TextHandler formats those attributes eagerly in WithAttrs, which
// took about 13 % of FerretDB's CPU under the gateway's benchmarks.
type lazyHandler struct {
	base  slog.Handler
	steps []func(slog.Handler) slog.Handler
}

func (h lazyHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.base.Enabled(ctx, level)
}

func (h lazyHandler) Handle(ctx context.Context, record slog.Record) error {
	handler := h.base
	for _, step := range h.steps {
		handler = step(handler)
	}
	return handler.Handle(ctx, record)
}

func (h lazyHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return lazyHandler{base: h.base, steps: append(slices.Clip(h.steps), func(next slog.Handler) slog.Handler {
		return next.WithAttrs(attrs)
	})}
}

func (h lazyHandler) WithGroup(name string) slog.Handler {
	return lazyHandler{base: h.base, steps: append(slices.Clip(h.steps), func(next slog.Handler) slog.Handler {
		return next.WithGroup(name)
	})}
}
