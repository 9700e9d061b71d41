/* phigate starter rules: suspicious OLE compound files (legacy Office, vbaProject.bin inside OOXML). */

rule Phigate_OLE_AutoExec_Macro
{
  meta:
    description = "OLE compound file with a VBA project that runs code when opened"
  strings:
    $ole = { D0 CF 11 E0 A1 B1 1A E1 }
    $vba = "VBA" wide ascii
    $a1 = "AutoOpen" nocase wide ascii
    $a2 = "Auto_Open" nocase wide ascii
    $a3 = "Document_Open" nocase wide ascii
    $a4 = "Workbook_Open" nocase wide ascii
    $a5 = "AutoExec" nocase wide ascii
    $x1 = "Shell" nocase wide ascii
    $x2 = "CreateObject" nocase wide ascii
    $x3 = "URLDownloadToFile" nocase wide ascii
    $x4 = "WScript" nocase wide ascii
  condition:
    $ole at 0 and $vba and any of ($a*) and any of ($x*)
}

rule Phigate_OLE_Embedded_Executable
{
  meta:
    description = "OLE compound file carrying a Windows executable"
  strings:
    $ole = { D0 CF 11 E0 A1 B1 1A E1 }
    $mz = "This program cannot be run in DOS mode"
  condition:
    $ole at 0 and $mz
}
