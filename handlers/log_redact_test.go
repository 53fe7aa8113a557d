package handlers

import "testing"

func TestRedactPath(t *testing.T) {
	token := "q2V0aGlzLWlzLWEtdGVzdC10b2tlbi13aXRoLTQzLWNo"
	tests := map[string]string{
		"/events/12":                          "/events/12",
		"/applicants/import/7/confirm":        "/applicants/import/7/confirm",
		"/static/3f2a9c0d/kern/kern.min.css":  "/static/3f2a9c0d/kern/kern.min.css",
		"/a/" + token:                         "/a/[token]",
		"/a/" + token + "/confirm":            "/a/[token]/confirm",
		"/employer/login/" + token:            "/employer/login/[token]",
		"/feed/" + token + ".ics":             "/feed/[token].ics",
		"/r/abcdefghijklmnopqrstuvwxyz012345": "/r/[token]",
		"/a/not%2Fa-token":                    "/a/not%2Fa-token",
	}
	for in, want := range tests {
		if got := redactPath(in); got != want {
			t.Errorf("redactPath(%q) = %q, want %q", in, got, want)
		}
	}
}
