{{/* The collab service needs nothing beyond the shared settings; extraConfig adds model settings. */}}
{{- define "collab.config" }}{{ end }}
{{- define "collab.env" }}{{ end }}
{{- define "collab.volumes" }}{{ end }}
{{- define "collab.volumeMounts" }}{{ end }}
