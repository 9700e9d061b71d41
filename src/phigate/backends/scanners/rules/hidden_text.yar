/*
  phigate starter rules: text meant to be read by a machine and not by a person. Documents here feed language
  models, so hidden instructions are flagged (allowed through with a flag unless the tenant policy rejects
  "yara.flag"). These are content rules (phigate_kind = "content"); a rule without it is a malware signature.
*/

rule Phigate_Hidden_Prompt_Injection
{
  meta:
    description = "instructions addressed to an AI model"
    phigate_kind = "content"
    phigate_action = "flag"
  strings:
    $i1 = /ignore (all |any )?(the )?(previous|prior|above) (instructions|prompts)/ nocase wide ascii
    $i2 = /disregard (all |any )?(the )?(previous|prior|above) (instructions|prompts)/ nocase wide ascii
    $i3 = "you are now in developer mode" nocase wide ascii
    $i4 = /<\|?(system|im_start)\|?>/ nocase
  condition:
    any of them
}

rule Phigate_Invisible_Text_Markers
{
  meta:
    description = "runs of zero-width characters (text hidden from readers)"
    phigate_kind = "content"
    phigate_action = "flag"
  strings:
    $zw = /(\xE2\x80[\x8B-\x8D]|\xE2\x81\xA0|\xEF\xBB\xBF){8,}/
  condition:
    $zw
}
