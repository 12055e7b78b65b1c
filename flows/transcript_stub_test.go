package flows_test

var generalTranscripts []transcript
