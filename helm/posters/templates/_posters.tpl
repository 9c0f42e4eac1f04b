{{/* The posters service's own settings: Redis and OMDb. The key is a mounted file, never env text. */}}
{{- define "posters.omdbSecretName" -}}
{{- .Values.omdb.existingSecret | default (printf "%s-omdb" (include "movierec-common.fullname" .)) -}}
{{- end -}}

{{- define "posters.hasKey" -}}
{{- if or .Values.omdb.apiKey .Values.omdb.existingSecret }}true{{ end -}}
{{- end -}}

{{- define "posters.config" }}
OMDB_BASE_URL: {{ .Values.omdb.baseUrl | quote }}
{{- if include "posters.hasKey" . }}
OMDB_API_KEY_FILE: /var/run/secrets/movierec/omdb/{{ .Values.omdb.existingSecretKey }}
{{- end }}
{{- if not .Values.redis.existingSecret }}
REDIS_URL: {{ tpl .Values.redis.url . | quote }}
{{- end }}
{{- end }}

{{- define "posters.env" }}
{{- if .Values.redis.existingSecret }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: {{ .Values.redis.existingSecretKey }}
{{- end }}
{{- end }}

{{- define "posters.volumes" }}
{{- if include "posters.hasKey" . }}
- name: omdb
  secret:
    secretName: {{ include "posters.omdbSecretName" . }}
    defaultMode: 0440
    items:
      - key: {{ .Values.omdb.existingSecretKey }}
        path: {{ .Values.omdb.existingSecretKey }}
{{- end }}
{{- end }}

{{- define "posters.volumeMounts" }}
{{- if include "posters.hasKey" . }}
- name: omdb
  mountPath: /var/run/secrets/movierec/omdb
  readOnly: true
{{- end }}
{{- end }}
