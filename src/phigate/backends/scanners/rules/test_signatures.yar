/*
  phigate test signature: the EICAR anti-malware test file, so the embedded default (no clamd) can be checked
  end to end. Only the middle of the test string is written here, so this file is not itself a test file.
*/

rule Phigate_EICAR_Test_File
{
  meta:
    description = "EICAR anti-malware test file"
  strings:
    $eicar = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE"
  condition:
    $eicar
}
