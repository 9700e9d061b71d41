/*
  phigate starter rules: PDF droppers and launchers. These look at the raw bytes; the structural validator
  also walks the parsed objects (compressed object streams included).
*/

rule Phigate_PDF_JavaScript_Dropper
{
  meta:
    description = "PDF with JavaScript that decodes, exports or launches content"
  strings:
    $pdf = "%PDF-"
    $js1 = "/JavaScript"
    $js2 = /\/JS\s*[\(<]/
    $d1 = "eval(" nocase
    $d2 = "unescape(" nocase
    $d3 = "String.fromCharCode" nocase
    $d4 = "exportDataObject" nocase
    $d5 = "launchURL" nocase
    $d6 = "util.printf" nocase
    $d7 = "getAnnots" nocase
  condition:
    $pdf in (0..1024) and any of ($js*) and any of ($d*)
}

rule Phigate_PDF_Launch_Action
{
  meta:
    description = "PDF with a /Launch action (runs a program or opens a file)"
  strings:
    $pdf = "%PDF-"
    $launch = /\/S\s*\/Launch/
  condition:
    $pdf in (0..1024) and $launch
}
