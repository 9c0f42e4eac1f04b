{{/* One ServiceAccount per service; annotations carry e.g. an IRSA role. No token unless asked. */}}
{{- define "movierec-common.serviceaccount" -}}
{{- if .Values.serviceAccount.create -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "movierec-common.serviceAccountName" . }}
  labels:
    {{- include "movierec-common.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
{{- end -}}
{{- end -}}
