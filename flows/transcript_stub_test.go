package flows_test

var coordTranscripts, generalTranscripts []transcript
