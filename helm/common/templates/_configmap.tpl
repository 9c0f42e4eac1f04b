{{/* Non-secret settings as environment variables; secrets never go here (see each chart's Secret). */}}
{{- define "movierec-common.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "movierec-common.fullname" . }}
  labels:
    {{- include "movierec-common.labels" . | nindent 4 }}
data:
  {{- include "movierec-common.config" . | nindent 2 }}
{{- end -}}
