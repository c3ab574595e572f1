# Not a bench (bench/*.cmake are): runs a bench with --wmpulse_break_reference (cmake -P, from <bench>.broken_reference) and
# fails unless it exits non-zero and says which check failed: the proof that its smoke run
# cannot pass while a check fails. -DBENCH=<path> -DARGS=<arguments separated by |>.
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${BENCH} ${args} --wmpulse_break_reference
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(rc STREQUAL "0")
  message(FATAL_ERROR "${BENCH} exited 0 with a broken reference: a failed check would not fail its smoke run")
endif()
if(NOT "${out}${err}" MATCHES "check failed: ")
  message(FATAL_ERROR "${BENCH} exited ${rc} without saying \"check failed: \"")
endif()
