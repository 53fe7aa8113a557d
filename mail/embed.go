package mail

import "embed"

// templateFS holds the mail templates and the translation catalogues;
// //go:embed cannot reach outside this folder.
//
//go:embed templates
var templateFS embed.FS
