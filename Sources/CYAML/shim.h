#ifndef BRAZEFORM_CYAML_SHIM_H
#define BRAZEFORM_CYAML_SHIM_H
#include <yaml.h>
#endif
