{{/* maxUnavailable by default: a PDB that never blocks a drain of a single-replica service. */}}
{{- define "movierec-common.pdb" -}}
{{- if .Values.podDisruptionBudget.enabled -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "movierec-common.fullname" . }}
  labels:
    {{- include "movierec-common.labels" . | nindent 4 }}
spec:
  {{- if .Values.podDisruptionBudget.minAvailable }}
  minAvailable: {{ .Values.podDisruptionBudget.minAvailable }}
  {{- else }}
  maxUnavailable: {{ .Values.podDisruptionBudget.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "movierec-common.selectorLabels" . | nindent 6 }}
{{- end -}}
{{- end -}}
