{{/* Names and labels of the umbrella's own objects: volumes, prepare Job, Redis, secrets. */}}
{{- define "movierec.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "movierec.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: movierec
{{- end -}}

{{/* Call with (dict "root" $ "image" .Values.x.image). */}}
{{- define "movierec.image" -}}
{{- $registry := .root.Values.global.image.registry -}}
{{- $tag := .image.tag | default .root.Values.global.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s:%s" $registry .image.repository $tag -}}
{{- end -}}

{{- define "movierec.datasetClaim" -}}{{ tpl .Values.global.dataset.claimName . }}{{- end -}}
{{- define "movierec.modelsClaim" -}}{{ tpl .Values.global.models.claimName . }}{{- end -}}

{{- define "movierec.awsSecretName" -}}
{{- .Values.dataset.s3.existingSecret | default (printf "%s-aws" (include "movierec.fullname" .)) -}}
{{- end -}}

{{- define "movierec.prepareServiceAccount" -}}
{{- if .Values.prepare.serviceAccount.create -}}
{{- .Values.prepare.serviceAccount.name | default (printf "%s-prepare" (include "movierec.fullname" .)) -}}
{{- else -}}
{{- .Values.prepare.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- define "movierec.pvcSpec" -}}
accessModes:
  {{- toYaml .persistence.accessModes | nindent 2 }}
{{- with .persistence.storageClass }}
storageClassName: {{ . }}
{{- end }}
resources:
  requests:
    storage: {{ .persistence.size }}
{{- end -}}
