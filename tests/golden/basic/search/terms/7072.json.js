credcatSearchData("terms/7072.json", {
  "practice": [
    0,
    10
  ],
  "profiling": [
    1,
    1
  ]
}
);
