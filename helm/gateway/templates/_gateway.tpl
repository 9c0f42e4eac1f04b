{{/* The gateway's own settings and mounts, merged into the shared templates of movierec-common. */}}
{{- define "gateway.config" }}
MOVIEREC_GATEWAY_COLLAB_URL: {{ tpl .Values.backends.collabUrl . | quote }}
MOVIEREC_GATEWAY_KMEANS_URL: {{ tpl .Values.backends.kmeansUrl . | quote }}
MOVIEREC_GATEWAY_POSTERS_URL: {{ tpl .Values.backends.postersUrl . | quote }}
MOVIEREC_GATEWAY_BACKEND_TIMEOUT_S: {{ .Values.backends.timeoutSeconds | quote }}
MOVIEREC_GATEWAY_CORS_ORIGINS: {{ join "," .Values.corsOrigins | quote }}
{{- with .Values.webDir }}
MOVIEREC_GATEWAY_WEB_DIR: {{ . | quote }}
{{- end }}
{{- end }}
{{- define "gateway.env" }}{{ end }}
{{- define "gateway.volumes" }}{{ end }}
{{- define "gateway.volumeMounts" }}{{ end }}
