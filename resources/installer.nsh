; Included by electron-builder's NSIS installer (electron-builder.ts: nsis.include).
; Windows 10 and 11 list an app under Settings > Apps > Default apps > TEL only when it declares
; the scheme in its Capabilities and RegisteredApplications; setAsDefaultProtocolClient alone does
; not. The command line matches what the app itself registers at run time: the link comes after
; "--", so nothing inside a link can pass for a Chromium switch.

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\WorkPhoneDesk.Link" "" "${PRODUCT_NAME}"
  WriteRegStr SHCTX "Software\Classes\WorkPhoneDesk.Link\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\WorkPhoneDesk.Link\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "--" "%1"'

  WriteRegStr SHCTX "Software\WorkPhoneDesk\Capabilities" "ApplicationName" "${PRODUCT_NAME}"
  WriteRegStr SHCTX "Software\WorkPhoneDesk\Capabilities" "ApplicationDescription" "Dial phone links through the 7moor work phone"
  WriteRegStr SHCTX "Software\WorkPhoneDesk\Capabilities\URLAssociations" "tel" "WorkPhoneDesk.Link"
  WriteRegStr SHCTX "Software\WorkPhoneDesk\Capabilities\URLAssociations" "workphone" "WorkPhoneDesk.Link"
  WriteRegStr SHCTX "Software\RegisteredApplications" "WorkPhoneDesk" "Software\WorkPhoneDesk\Capabilities"

  ; workphone: is ours alone, so it is registered outright.
  WriteRegStr SHCTX "Software\Classes\workphone" "" "URL:workphone"
  WriteRegStr SHCTX "Software\Classes\workphone" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\workphone\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "--" "%1"'
!macroend

!macro customUnInstall
  DeleteRegValue SHCTX "Software\RegisteredApplications" "WorkPhoneDesk"
  DeleteRegKey SHCTX "Software\WorkPhoneDesk"
  DeleteRegKey SHCTX "Software\Classes\WorkPhoneDesk.Link"
  DeleteRegKey SHCTX "Software\Classes\workphone"
  ; The tel: registration the app wrote at run time, only if it still points at us.
  ReadRegStr $0 SHCTX "Software\Classes\tel\shell\open\command" ""
  StrCmp $0 '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "--" "%1"' 0 +2
    DeleteRegKey SHCTX "Software\Classes\tel"
!macroend
