{{/* The kmeans service needs nothing beyond the shared settings; extraConfig adds model settings. */}}
{{- define "kmeans.config" }}{{ end }}
{{- define "kmeans.env" }}{{ end }}
{{- define "kmeans.volumes" }}{{ end }}
{{- define "kmeans.volumeMounts" }}{{ end }}
