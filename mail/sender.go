package mail

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"

	gomail "github.com/wneessen/go-mail"
)

// Sender delivers one message. Implementations are safe for concurrent
// use. A sending worker retries an error only when IsTemporary says so;
// Send never retries by itself, so that the outbox decides (and records)
// every attempt.
type Sender interface {
	Send(ctx context.Context, msg *Message) error
}

// DeliveryError is a failed delivery with its classification.
type DeliveryError struct {
	// Temporary is true for failures worth retrying later: the server was
	// unreachable, hung, dropped the connection, or answered 4xx.
	Temporary bool
	// Code is the SMTP reply code when the server gave one, else 0.
	Code int
	Err  error
}

// Error returns the underlying error's text.
func (e *DeliveryError) Error() string { return e.Err.Error() }

// Unwrap gives errors.Is/As access to the underlying error.
func (e *DeliveryError) Unwrap() error { return e.Err }

// IsTemporary reports whether err is worth retrying: connection failures,
// timeouts and SMTP 4xx replies are; 5xx replies, invalid messages and
// unknown errors are not, so that a broken mail is not retried forever.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	if de, ok := errors.AsType[*DeliveryError](err); ok {
		return de.Temporary
	}
	if se, ok := errors.AsType[*gomail.SendError](err); ok {
		return classifySendError(se)
	}
	return isConnectionError(err)
}

func isConnectionError(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	return false
}

// classifySendError reads go-mail's error: its own IsTemp only looks at a
// leading "4" and calls a lost connection permanent.
func classifySendError(se *gomail.SendError) bool {
	code := se.ErrorCode()
	switch {
	case code >= 500:
		return false
	case code >= 400:
		return true
	}
	switch se.Reason {
	case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
		return false
	}
	// No reply code: the conversation broke off (connection check, write,
	// timeout); delivery may well work on the next attempt.
	return true
}

// classify wraps err into a DeliveryError.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*DeliveryError](err); ok {
		return err
	}
	de := &DeliveryError{Err: err}
	if se, ok := errors.AsType[*gomail.SendError](err); ok {
		de.Code = se.ErrorCode()
		de.Temporary = classifySendError(se)
	} else {
		de.Temporary = isConnectionError(err)
	}
	return de
}

// Both senders are interchangeable behind Sender.
var (
	_ Sender = (*SMTPSender)(nil)
	_ Sender = (*FileSender)(nil)
)
